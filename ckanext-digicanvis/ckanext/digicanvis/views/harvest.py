"""Spreadsheet imports on the site: the template download (anyone), the upload page and the
import's progress and report (sysadmins and the observatory's editors).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.lib.i18n import get_lang

from ckanext.digicanvis.harvest import spreadsheet

harvest_pages = Blueprint("digicanvis_harvest", __name__, url_prefix="/harvest/spreadsheet")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def context() -> dict[str, Any]:
    return {"user": current_user.name, "auth_user_obj": current_user}


@harvest_pages.route("/template.xlsx")
def template() -> Response:
    lang = get_lang()
    return Response(spreadsheet.template(lang), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="digicanvis-projects-{lang}.xlsx"'})


@harvest_pages.route("/import", methods=["GET", "POST"])
def upload() -> Any:
    try:
        tk.check_access("digicanvis_spreadsheet_import", context())
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    errors: list[str] = []
    if tk.request.method == "POST":
        try:
            started = tk.get_action("digicanvis_spreadsheet_import")(context(), {
                "upload": tk.request.files.get("upload"),
                "dry_run": tk.request.form.get("dry_run") == "on",
                "skip_invalid": tk.request.form.get("skip_invalid") == "on",
            })
        except tk.ValidationError as error:
            errors = [str(message) for messages in error.error_dict.values() for message in messages]
        else:
            return tk.redirect_to("digicanvis_harvest.progress", id=started["id"])
    return tk.render("harvest/import.html", {"errors": errors})


def _import_state(import_id: str) -> dict[str, Any]:
    return tk.get_action("digicanvis_spreadsheet_import_show")(context(), {"id": import_id})


@harvest_pages.route("/import/<id>")
def progress(id: str) -> Any:
    try:
        state = _import_state(id)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("No such import"))
    return tk.render("harvest/import_progress.html", {"state": state})


@harvest_pages.route("/import/<id>.json")
def progress_json(id: str) -> Any:
    try:
        return jsonify(_import_state(id))
    except tk.NotAuthorized as error:
        return jsonify({"error": str(error)}), 403
    except tk.ObjectNotFound:
        return jsonify({"error": tk._("No such import")}), 404
