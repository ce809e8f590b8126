"""Who may use the harvesting and import actions.

Spreadsheet imports write projects of any local body: sysadmins and the observatory's editors
(``logic.people.is_observatory_editor``). A harvest job's report follows ckanext-harvest's
own rule for the job (``harvest_job_show``: whoever may update the source, i.e. sysadmins and
the editors and admins of the body that owns it).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic.people import is_observatory_editor, user_of

__all__ = ["digicanvis_harvest_job_report", "digicanvis_spreadsheet_import", "digicanvis_spreadsheet_import_show",
           "harvest_job_list"]


def _editor(context: Context) -> AuthResult:
    if is_observatory_editor(user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only sysadmins and the observatory's editors may import spreadsheets")}


def digicanvis_spreadsheet_import(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def digicanvis_spreadsheet_import_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def digicanvis_harvest_job_report(context: Context, data_dict: DataDict) -> AuthResult:
    try:
        tk.check_access("harvest_job_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not see this harvest job")}
    return {"success": True}


@tk.chained_auth_function
def harvest_job_list(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    """ckanext-harvest's rule reads ``source_id`` without asking whether it was given (a call
    without one was a 500 for anyone); sysadmins, who skip auth functions, may list every job."""
    if not data_dict.get("source_id"):
        return {"success": False, "msg": tk._("Name the harvest source (source_id) whose jobs you want to see")}
    return next_auth(context, data_dict)
