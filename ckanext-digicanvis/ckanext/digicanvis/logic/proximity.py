"""Distance search: projects near a local body or a point, nearest first.

``package_search`` takes ``ext_near`` (a local body's name or title, or ``lat,lon``) and
``ext_radius_km``; Solr does the work: ``geofilt`` on ``project_location`` keeps the projects
within the radius, ``hsin()`` on ``project_latitude``/``project_longitude`` sorts them and
returns each one's ``distance_km``. (CKAN forwards no ``sfield``/``pt`` parameters, which
``geodist()`` needs, so the great-circle distance is spelled out with ``hsin``.)

``ext_size_like`` (a population band) keeps projects of bodies of that size and the bands
next to it: "councils like mine".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from flask import has_request_context

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import pickers
from ckanext.digicanvis.logic.indexing import POPULATION_BANDS

EARTH_RADIUS_KM = 6371.0
# Half the Earth's circumference: any larger radius means "everywhere" and is a typo.
MAX_RADIUS_KM = 20_000
# Sort key for projects whose body has no coordinates: after every real distance.
NO_DISTANCE = 99_999
DISTANCE_FIELD = "distance_km"
# The search extras this module reads, and what it leaves for after_dataset_search.
NEAR, RADIUS, SIZE_LIKE = "ext_near", "ext_radius_km", "ext_size_like"
_RESULT_SOURCE = "_digicanvis_distance_source"

COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    body: model.Group | None = None


def parse_origin(near: str) -> Origin:
    """``lat,lon`` or a local body's name/title; a clear ValidationError otherwise."""
    match = COORDINATES.match(near)
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise tk.ValidationError(
                {NEAR: [tk._("Coordinates must be a latitude between -90 and 90 and a longitude between -180 and 180.")]}
            )
        return Origin(latitude, longitude)
    if any(char.isdigit() for char in near) and "," in near:
        raise tk.ValidationError({NEAR: [tk._("Malformed coordinates: write them as latitude,longitude, e.g. 41.98,2.82.")]})
    body = pickers.find_local_body(near)
    if body is None:
        raise tk.ValidationError({NEAR: [tk._('No local body is called "{name}".').format(name=near.strip())]})
    facts = body.extras or {}
    if not (facts.get("latitude") and facts.get("longitude")):
        raise tk.ValidationError({NEAR: [tk._("{body} has no location yet.").format(body=body.title)]})
    return Origin(float(facts["latitude"]), float(facts["longitude"]), body)


def parse_radius(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        radius = float(value)
    except (TypeError, ValueError):
        radius = float("nan")
    if not 0 < radius <= MAX_RADIUS_KM:
        raise tk.ValidationError(
            {RADIUS: [tk._("The radius must be a number of kilometres above 0 and up to {max}.").format(max=MAX_RADIUS_KM)]}
        )
    return radius


def similar_bands(band: str) -> list[str]:
    """The band and its neighbours, smallest first."""
    names = [name for name, _smallest in reversed(POPULATION_BANDS)]
    if band not in names:
        raise tk.ValidationError({SIZE_LIKE: [tk._("Unknown population band: {band}.").format(band=band)]})
    index = names.index(band)
    return names[max(index - 1, 0) : index + 2]


def distance_function(origin: Origin) -> str:
    great_circle = (
        f"hsin({EARTH_RADIUS_KM},true,project_latitude,project_longitude,{origin.latitude},{origin.longitude})"
    )
    return f"if(exists(project_latitude),{great_circle},{NO_DISTANCE})"


def radius_filter(origin: Origin, radius_km: float) -> str:
    # Quoted: CKAN's local-parameter check reads only letters, digits and _ $ unquoted.
    return f"{{!geofilt sfield=project_location pt='{origin.latitude},{origin.longitude}' d='{radius_km}'}}"


def single(extras: dict[str, Any], key: str) -> str:
    value = extras.get(key)
    if isinstance(value, (list, tuple)):
        raise tk.ValidationError({key: [tk._("Give one value only.")]})
    return str(value if value is not None else "").strip()


def read_extras(extras: dict[str, Any]) -> tuple[Origin | None, float | None, list[str] | None]:
    """The distance and size filters a search asks for; ValidationError on bad input."""
    near = single(extras, NEAR)
    origin = parse_origin(near) if near else None
    radius = parse_radius(single(extras, RADIUS))
    if radius is not None and origin is None:
        raise tk.ValidationError({NEAR: [tk._("Choose a local body or a point to search around.")]})
    size_like = single(extras, SIZE_LIKE)
    bands = similar_bands(size_like) if size_like else None
    return origin, radius, bands


def apply_to_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """Turn the ``ext_*`` distance and size filters into Solr parameters."""
    extras = search_params.get("extras") or {}
    origin, radius, bands = read_extras(extras)
    filters = []
    if bands:
        filters.append("population_band:({})".format(" OR ".join(f'"{band}"' for band in bands)))
    if origin is not None:
        if radius is not None:
            filters.append(radius_filter(origin, radius))
        add_distance_to_results(search_params, origin)
    if filters:
        search_params["fq_list"] = [*search_params.get("fq_list", []), *filters]
    return search_params


def add_distance_to_results(search_params: dict[str, Any], origin: Origin) -> None:
    distance = distance_function(origin)
    if search_params.get("sort") in (None, "", "rank", "distance", "distance asc"):
        search_params["sort"] = f"{distance} asc, metadata_modified desc"
    requested_fields = search_params.get("fl")
    if requested_fields:
        search_params["fl"] = [*requested_fields, f"{DISTANCE_FIELD}:{distance}"]
        return
    # Without `fl` CKAN returns the stored dataset dicts; ask for those and the distance,
    # and after_dataset_search rebuilds the usual result list from them.
    source = "data_dict" if tk.asbool(search_params.get("use_default_schema")) else "validated_data_dict"
    search_params["fl"] = ["id", source, f"{DISTANCE_FIELD}:{distance}"]
    search_params["extras"][_RESULT_SOURCE] = source


def finish_results(search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
    """Dataset dicts with ``distance_km`` (None when the body has no location)."""
    extras = search_params.get("extras") or {}
    source = extras.pop(_RESULT_SOURCE, None)
    if not extras.get(NEAR):
        return search_results
    results = []
    for row in search_results["results"]:
        package = json.loads(row[source]) if source else row
        distance = row.get(DISTANCE_FIELD)
        package[DISTANCE_FIELD] = round(distance, 1) if distance is not None and distance < NO_DISTANCE else None
        results.append(package)
    search_results["results"] = results
    return search_results


def is_search_page() -> bool:
    """A page of the site (not the API, not our downloads) is running this search."""
    if not has_request_context():
        return False
    endpoint = tk.request.endpoint or ""
    return endpoint.endswith(".search") or endpoint in ("organization.read", "home.index")


def remember_page_errors(error: tk.ValidationError) -> None:
    tk.g.digicanvis_search_errors = [
        str(message) for messages in error.error_dict.values() for message in messages
    ]


def page_errors() -> list[str]:
    return list(getattr(tk.g, "digicanvis_search_errors", []) or [])
