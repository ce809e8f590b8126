"""The statistics dashboard (/statistics), each of its tables as CSV, and the coverage map's
numbers as JSON. All read the same filters from the query string (province, comarca, area)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.digicanvis.logic import statistics
from ckanext.digicanvis.logic.spreadsheet import as_csv
from ckanext.digicanvis.logic.statistics_tables import table_by_id, tables

dashboard = Blueprint("digicanvis_statistics", __name__, url_prefix="/statistics")


def filters_of_this_request() -> dict[str, str]:
    return {name: tk.request.args.get(name, "") for name in statistics.FILTERS if tk.request.args.get(name)}


def numbers(filters: dict[str, str]) -> dict[str, Any]:
    context = {"user": current_user.name, "auth_user_obj": current_user}
    return tk.get_action("digicanvis_statistics")(context, filters)


def error_messages(error: tk.ValidationError) -> list[str]:
    return [str(message) for messages in error.error_dict.values() for message in messages]


@dashboard.route("/")
def index() -> Any:
    filters = filters_of_this_request()
    errors: list[str] = []
    try:
        found = numbers(filters)
    except tk.ValidationError as error:
        errors = error_messages(error)
        found = None
    return tk.render("statistics/index.html", {
        "numbers": found, "tables": {table.id: table for table in tables(found)} if found else {}, "filters": filters, "errors": errors,
        "choices": statistics.filter_choices(), "comarques": statistics.comarques_of(filters.get("province")),
    })


@dashboard.route("/<table_id>.csv")
def download(table_id: str) -> Response:
    try:
        table = table_by_id(numbers(filters_of_this_request()), table_id)
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(error_messages(error)))
    if table is None:
        return tk.abort(404, tk._("Not found"))
    body = as_csv([table.headers, *table.rows])
    filename = f"digicanvis-{table.id}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@dashboard.route("/coverage.json")
def coverage_json() -> Response | tuple[Response, int]:
    """Each municipality's projects by INE code, for the map (assets/coverage-map.js)."""
    try:
        tk.check_access("digicanvis_statistics", {"user": current_user.name, "auth_user_obj": current_user})
        summary = statistics.coverage_numbers(statistics.checked_filters(filters_of_this_request()))
    except tk.ValidationError as error:
        return jsonify({"error": error_messages(error)}), 400
    return jsonify({
        "municipalities": {town["ine_code"]: {"name": town["name"], "own": town["own"], "on_behalf": town["on_behalf"]}
                           for town in summary["municipalities"]},
        "labels": {"own": tk._("own projects"), "on_behalf": tk._("projects on its behalf"),
                   "none": tk._("no project"), "only_on_behalf": tk._("only projects on its behalf")},
    })
