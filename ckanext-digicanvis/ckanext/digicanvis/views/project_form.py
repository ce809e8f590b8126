"""The project form as a real multi-step form, on top of ckanext-scheming's form pages.

- An error on step N re-renders step N with what was typed, and that form must post back to
  step N: CKAN points a draft's form at ``/project/new`` (``g.form_action``), which made the
  next click land on an empty step 1. The form of a step always posts to its own address.
- "Save and continue later" (``save=continue-later``) keeps the draft and goes to "El meu
  espai", where drafts are listed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, before_render_template, g, request

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.logic.fields import PROJECT_TYPE

STEP_ENDPOINTS = (f"{PROJECT_TYPE}.scheming_new_page", f"{PROJECT_TYPE}.scheming_edit_page")
FORM_ENDPOINTS = (f"{PROJECT_TYPE}.new",) + STEP_ENDPOINTS
CONTINUE_LATER = "continue-later"


def post_back_to_this_step(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
    if request.endpoint in STEP_ENDPOINTS:
        g.form_action = request.path


def continue_later(response: Response) -> Response:
    if (request.method == "POST" and request.endpoint in FORM_ENDPOINTS and response.status_code in (301, 302, 303)
            and request.form.get("save") == CONTINUE_LATER):
        tk.h.flash_success(tk._("Saved as a draft. Only your local body sees it; find it in your space to go on."))
        return tk.redirect_to(tk.h.url_for("digicanvis_space.index") + "#drafts")
    return response


def install(app: Flask) -> None:
    before_render_template.connect(post_back_to_this_step, app)
    app.after_request(continue_later)
