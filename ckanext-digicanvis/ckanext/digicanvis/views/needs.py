"""The needs' pages: the list (/forum/needs), the form to post one, the buttons of a need's
page (solve, reopen, match again, pin) and each body's notification choice.

A need's own page is its forum topic (/forum/t/<id>), which shows the need's panel
(templates/needs/panel.html). Every change goes through an action with the signed-in user;
forms carry CKAN's CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.digicanvis.views import forms
from ckanext.digicanvis.views.forum import call, form, page_number, readable, submit, topics_page

needs_pages = Blueprint("digicanvis_needs", __name__, url_prefix="/forum/needs")
ROWS = 20


# Every form here posts CKAN's CSRF token, checked here too: CKAN 2.12 exempts a view from its
# own check for the life of the process once any request to it carries an API token.
needs_pages.before_request(forms.require_csrf_token)


def need_page(id: str) -> str:
    return tk.h.url_for("digicanvis_forum.topic", id=id)


@needs_pages.route("/")
def index() -> Any:
    def render() -> Any:
        state = tk.request.args.get("state") if tk.request.args.get("state") in ("open", "solved") else "all"
        filters = {key: tk.request.args[key] for key in ("area", "solved_with") if tk.request.args.get(key)}
        listing = call("need_list", state=state, page=page_number(), rows=ROWS, **filters)
        return tk.render("needs/index.html", {"page": topics_page(listing, state=state, **filters), "state": state,
                                              "area": filters.get("area"), "count": listing["count"]})
    return readable(render)


@needs_pages.route("/new", methods=["GET", "POST"])
def new() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    data: dict[str, Any] = form() if tk.request.method == "POST" else {"area": tk.request.args.get("area", "")}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        try:
            created = call("need_create", **data)
            tk.h.flash_success(tk._("Your need is posted. Below are the projects that may help you."))
            return tk.redirect_to(need_page(created["id"]))
        except tk.ValidationError as error:
            errors = error.error_dict
        except tk.NotAuthorized as error:
            errors = {"body": [str(error) or tk._("Not authorized")]}
    return tk.render("needs/new.html", {"data": data, "errors": errors})


@needs_pages.route("/<id>/solve", methods=["POST"])
def solve(id: str) -> Any:
    data = {key: value for key, value in form().items() if key in ("project", "post_id") and value}
    return submit("need_solve", {"id": id, **data}, need_page(id), tk._("Marked as solved. Thank you for telling what helped."))


@needs_pages.route("/<id>/reopen", methods=["POST"])
def reopen(id: str) -> Any:
    return submit("need_reopen", {"id": id}, need_page(id), tk._("The need is open again."))


@needs_pages.route("/<id>/refresh", methods=["POST"])
def refresh(id: str) -> Any:
    return submit("need_suggestions_refresh", {"id": id}, need_page(id), tk._("Suggestions updated."))


@needs_pages.route("/<id>/pin", methods=["POST"])
def pin(id: str) -> Any:
    data = {"id": id, "project": tk.request.form.get("project", ""), "pinned": tk.request.form.get("pinned", "true")}
    return submit("need_suggestion_pin", data, need_page(id), tk._("Saved."))


@needs_pages.route("/settings", methods=["GET", "POST"])
def settings() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    if tk.request.method == "POST":
        data = {"body": tk.request.form.get("body", ""), "notify_suggestions": bool(tk.request.form.get("notify_suggestions"))}
        return submit("need_body_settings_update", data, tk.h.url_for("digicanvis_needs.settings"), tk._("Saved."))
    return readable(lambda: tk.render("needs/settings.html", {"bodies": call("need_body_settings_show")}))
