"""The project form as a real multi-step form, on top of ckanext-scheming's form pages.

- An error on step N re-renders step N with what was typed, and that form must post back to
  step N: CKAN points a draft's form at ``/project/new`` (``g.form_action``), which made the
  next click land on an empty step 1. The form of a step always posts to its own address.
- Rows of repeating fields (contacts, savings) typed before an error come back: ckanext-
  scheming counts the rows from the stored record, so a step re-rendered with the typed
  values (flattened as ``savings-0-amount``) showed none of them.
- "Save and continue later" (``save=continue-later``) keeps the draft and goes to "El meu
  espai", where drafts are listed.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, before_render_template, g, request

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.logic.fields import PROJECT_TYPE

STEP_ENDPOINTS = (f"{PROJECT_TYPE}.scheming_new_page", f"{PROJECT_TYPE}.scheming_edit_page")
FORM_ENDPOINTS = (f"{PROJECT_TYPE}.new",) + STEP_ENDPOINTS
CONTINUE_LATER = "continue-later"
ROW = re.compile(r"([a-z_]+)-(\d+)-")


def post_back_to_this_step(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
    if request.endpoint in STEP_ENDPOINTS:
        g.form_action = request.path
    if request.method == "POST" and request.endpoint in FORM_ENDPOINTS:
        keep_typed_rows((context.get("form_vars") or {}).get("data"))


def keep_typed_rows(data: dict[str, Any] | None) -> None:
    """As many (empty) rows per repeating field as were typed; scheming fills them from the
    flattened values."""
    if not data:
        return
    schema = tk.h.scheming_get_dataset_schema(PROJECT_TYPE)
    for field in schema["dataset_fields"]:
        if "repeating_subfields" not in field:
            continue
        typed = ROW.findall(" ".join(key for key in data if isinstance(key, str)
                                     and key.startswith(field["field_name"] + "-")))
        rows = {int(index) for name, index in typed if name == field["field_name"]}
        if rows:
            data[field["field_name"]] = [{} for _ in range(max(rows) + 1)]


def continue_later(response: Response) -> Response:
    if (request.method == "POST" and request.endpoint in FORM_ENDPOINTS and response.status_code in (301, 302, 303)
            and request.form.get("save") == CONTINUE_LATER):
        tk.h.flash_success(tk._("Saved as a draft. Only your local body sees it; find it in your space to go on."))
        return tk.redirect_to(tk.h.url_for("digicanvis_space.index") + "#drafts")
    return response


def install(app: Flask) -> None:
    before_render_template.connect(post_back_to_this_step, app)
    app.after_request(continue_later)
