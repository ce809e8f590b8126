"""The project search as map points and as a download.

Both read the same query string as the search page (``/project/?q=...&area=...&ext_near=...``)
so "show these on a map" and "download these" always mean the results on screen.
"""

from __future__ import annotations

from typing import Any, Iterator

from flask import Blueprint, Response, jsonify, stream_with_context

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.views.dataset import _get_search_details

from ckanext.digicanvis.logic import export, spreadsheet
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.proximity import NEAR

MAP_MAX_MARKERS = 2000
EXPORT_MAX_ROWS = 10_000
EXPORT_PAGE = 1000
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

discovery = Blueprint("digicanvis_discovery", __name__, url_prefix=f"/{PROJECT_TYPE}")


def search_of_this_request(**params: Any) -> dict[str, Any]:
    """package_search parameters from the query string, as CKAN's search page builds them."""
    details = _get_search_details()
    return {
        "q": tk.request.args.get("q", ""),
        "fq": f"{details['fq']} +dataset_type:{PROJECT_TYPE}".strip(),
        "sort": tk.request.args.get("sort") or None,
        "extras": details["search_extras"],
        "include_private": True,
        "facet": "false",
        **params,
    }


def search(data_dict: dict[str, Any]) -> dict[str, Any]:
    """package_search as the reader; bad distance or size filters raise ValidationError."""
    context = {"user": current_user.name, "auth_user_obj": current_user}
    return tk.get_action("package_search")(context, data_dict)


def messages_of(error: tk.ValidationError) -> list[str]:
    return [str(message) for messages in error.error_dict.values() for message in messages]


@discovery.route("/map.geojson")
def map_geojson() -> Response | tuple[Response, int]:
    try:
        results = search(search_of_this_request(rows=MAP_MAX_MARKERS, fl=list(export.MAP_FIELDS)))
    except tk.ValidationError as error:
        return jsonify({"error": messages_of(error)}), 400
    collection = export.map_features(results["results"])
    collection["count"] = results["count"]
    response = jsonify(collection)
    response.mimetype = "application/geo+json"
    return response


@discovery.route("/export.<any(csv, xlsx):file_format>")
def export_search(file_format: str) -> Response:
    """The search as a file, streamed: results are fetched and written a page at a time, so a
    10,000-row download takes the memory of one page."""
    try:
        first = search(search_of_this_request(rows=EXPORT_PAGE, start=0))["results"]
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(messages_of(error)))
    request_data = search_of_this_request()

    def pages() -> Iterator[list[dict[str, Any]]]:
        page, done = first, 0
        while page:
            yield page
            done += len(page)
            if len(page) < EXPORT_PAGE or done >= EXPORT_MAX_ROWS:
                return
            page = search({**request_data, "rows": min(EXPORT_PAGE, EXPORT_MAX_ROWS - done), "start": done})["results"]

    rows = export.table_rows(pages(), with_distance=bool(tk.request.args.get(NEAR)))
    body = spreadsheet.as_csv(rows) if file_format == "csv" else spreadsheet.as_xlsx(rows, tk._("Projects"))
    filename = f"digicanvis-{tk._('projects')}.{file_format}"
    return Response(
        stream_with_context(body),
        mimetype=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
