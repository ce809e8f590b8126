"""The current project search as a table (CSV, XLSX) and as map points (GeoJSON).

Rows come from ``package_search`` run as the reader, so private projects appear only for
those who may read them, and contacts only as the index holds them: public contacts' names,
never an email or phone (logic/contacts.py).

Texts come from users: the rows are written by ``logic/spreadsheet.py``, which makes a cell
a spreadsheet would run as a formula plain text, in both formats.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import contacts
from ckanext.digicanvis.logic.facets import population_band_labels
from ckanext.digicanvis.logic.fields import choice_label, json_list
from ckanext.digicanvis.logic.indexing import population_band
from ckanext.digicanvis.logic.proximity import DISTANCE_FIELD

Column = tuple[str, Callable[[dict[str, Any], dict[str, Any]], Any]]


def project_url(project: dict[str, Any]) -> str:
    return tk.url_for(f"{project.get('type') or 'project'}.read", id=project["name"], _external=True)


def columns(with_distance: bool) -> list[Column]:
    """(translated header, value of a project given its body's facts)."""
    label = choice_label
    bands = population_band_labels()
    table: list[Column] = [
        (tk._("Title"), lambda p, b: p.get("title")),
        (tk._("Address"), lambda p, b: project_url(p)),
        (tk._("Local body"), lambda p, b: (p.get("organization") or {}).get("title")),
        (tk._("Comarca"), lambda p, b: b.get("comarca")),
        (tk._("Province"), lambda p, b: b.get("province")),
        (tk._("Country"), lambda p, b: b.get("country")),
        (tk._("Population of the body"), lambda p, b: bands.get(population_band(b.get("population")) or "", "")),
        (tk._("Area"), lambda p, b: label("area", p.get("area"))),
        (tk._("Transformation type"), lambda p, b: label("transformation_type", p.get("transformation_type"))),
        (tk._("Phase"), lambda p, b: label("phase", p.get("phase"))),
        (tk._("Maturity level"), lambda p, b: label("maturity_level", p.get("maturity_level"))),
        (tk._("Technologies"), lambda p, b: "; ".join(json_list(p.get("technologies")))),
        (tk._("Start year"), lambda p, b: p.get("start_year")),
        (tk._("Description"), lambda p, b: p.get("notes")),
        (tk._("Public contacts"), lambda p, b: "; ".join(contacts.public_names(p))),
        (tk._("Last modified"), lambda p, b: (p.get("metadata_modified") or "")[:10]),
    ]
    if with_distance:
        table.append((tk._("Distance (km)"), lambda p, b: p.get(DISTANCE_FIELD)))
    return table


def body_facts(projects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The extras of the projects' bodies, in one query."""
    ids = {project.get("owner_org") for project in projects if project.get("owner_org")}
    if not ids:
        return {}
    bodies = model.Session.query(model.Group.id, model.Group.extras).filter(model.Group.id.in_(ids))
    return {body_id: extras or {} for body_id, extras in bodies}


def table_rows(pages: Iterable[list[dict[str, Any]]], with_distance: bool) -> Iterator[list[Any]]:
    """The header, then a row per project, page by page: only one page is held at a time."""
    table = columns(with_distance)
    yield [header for header, _value in table]
    for projects in pages:
        facts = body_facts(projects)
        for project in projects:
            body = facts.get(project.get("owner_org") or "", {})
            yield [value(project, body) for _header, value in table]


def map_features(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """GeoJSON of search rows asked with ``MAP_FIELDS``; rows without a location are left out."""
    titles = body_titles({row.get("organization") for row in rows if row.get("organization")})
    features = []
    for row in rows:
        location = row.get("project_location")
        if not location:
            continue
        latitude, longitude = (float(part) for part in location.split(","))
        distance = row.get(DISTANCE_FIELD)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {
                    "name": row["name"],
                    "title": row.get("title"),
                    "url": tk.url_for("project.read", id=row["name"]),
                    "body": titles.get(row.get("organization"), ""),
                    "area": choice_label("area", row.get("area")),
                    "distance": tk._("{km} km away").format(km=tk.h.digicanvis_km(distance))
                    if distance is not None
                    else "",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


MAP_FIELDS = ["id", "name", "title", "organization", "extras_area", "project_location"]


def body_titles(names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    return dict(model.Session.query(model.Group.name, model.Group.title).filter(model.Group.name.in_(names)))
