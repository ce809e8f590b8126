"""One-click confirmation that a project's record is still correct (/project/<id>/confirm).

The reminder e-mail's link is signed for one person and one project and expires
(logic/freshness.py). Opening it changes nothing: the page shows the project and one button,
a POST with CSRF token, which confirms it as the person the link was made for (or, without a
link, as the signed-in person) through ``project_confirm``, so their rights are checked then.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user

from ckanext.digicanvis.logic import freshness, notices
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, find_project
from ckanext.digicanvis.logic.people import may_edit_project
from ckanext.digicanvis.views.forum import error_text

freshness_pages = Blueprint("digicanvis_freshness", __name__)


def _person(package: model.Package, token: str) -> tuple[model.User | None, str | None, int]:
    """Who confirms: the link's person, else the signed-in one; or why nobody (and the status)."""
    if token:
        try:
            return freshness.read_token(token, package), None, 200
        except freshness.LinkExpired:
            return None, tk._("This link has expired. Sign in and confirm the project from its page."), 400
        except freshness.LinkInvalid:
            return None, tk._("This link is not valid. Sign in and confirm the project from its page."), 400
    if current_user.is_anonymous:
        return None, tk._("Sign in to confirm this project."), 403
    return model.User.get(current_user.name), None, 200


def _readable(package: model.Package, person: model.User | None) -> bool:
    """The page names the project: only to someone who may read it."""
    readers = [person] if person is not None else []
    if not current_user.is_anonymous:
        readers.append(model.User.get(current_user.name))
    return (package.state == "active" and not package.private) or any(
        notices.may_read(reader, package.id) for reader in readers)


@freshness_pages.route(f"/{PROJECT_TYPE}/<id>/confirm", methods=["GET", "POST"])
def confirm(id: str) -> Any:
    try:
        package = find_project(id)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Project not found"))
    token = (tk.request.form.get("token") if tk.request.method == "POST" else tk.request.args.get("token")) or ""
    person, problem, status_code = _person(package, token)
    if not _readable(package, person):
        return tk.abort(404, tk._("Project not found"))
    context = {"user": person.name, "auth_user_obj": person} if person is not None else {}
    if person is not None and not may_edit_project(context, package.id):
        person, problem, status_code = None, tk._("Only the editors of the project's local body may confirm it."), 403
    if person is not None and tk.request.method == "POST":
        try:
            tk.get_action("project_confirm")(context, {"id": package.id})
        except tk.ValidationError as error:
            problem, status_code = error_text(error), 409
        else:
            tk.h.flash_success(tk._("Thank you: \"{title}\" is confirmed as still correct today.").format(title=package.title))
            return tk.redirect_to(f"{PROJECT_TYPE}.read", id=package.name)
    return tk.render("freshness/confirm.html", {
        "project": package, "person": person, "problem": problem, "token": token,
        "status": freshness.status(package),
    }), status_code
