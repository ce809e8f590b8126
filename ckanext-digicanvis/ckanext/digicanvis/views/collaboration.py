"""Pages to contact a project's team, ask for a visit, say "we want to replicate or
collaborate", follow one's requests (/requests), and see how a project spread."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckan.lib.helpers import Page

from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.views.forum import call, form, submit

project_requests = Blueprint("digicanvis_project_requests", __name__, url_prefix=f"/{PROJECT_TYPE}/<id>")
requests_pages = Blueprint("digicanvis_requests", __name__, url_prefix="/requests")


ROWS = 20
LISTS = {"contacts": "contact_request_list", "visits": "visit_request_list"}


def back_to(id: str) -> str:
    return tk.h.url_for(f"{PROJECT_TYPE}.read", id=id) + "#work-with-the-team"


@project_requests.route("/contact", methods=["POST"])
def contact(id: str) -> Any:
    return submit("contact_request_create", {**form(), "project": id}, back_to(id),
                  lambda sent: tk._("Your message has been sent.") + " " + sent["answered_by_text"])


@project_requests.route("/visit", methods=["POST"])
def visit(id: str) -> Any:
    data = {**form(), "project": id, "dates": [d for d in tk.request.form.getlist("dates") if d]}
    return submit("visit_request_create", data, back_to(id),
                  lambda sent: tk._("Your visit request has been sent.") + " " + sent["answered_by_text"])


@project_requests.route("/interest", methods=["POST"])
def interest(id: str) -> Any:
    data = {"project": id, "kind": tk.request.form.get("kind", ""), "public": bool(tk.request.form.get("public"))}
    return submit("collaboration_interest_create", data, back_to(id), tk._("Noted. Thank you!"))


@project_requests.route("/spread")
def spread(id: str) -> Any:
    try:
        project = tk.get_action("package_show")({"user": current_user.name}, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Project not found"))
    return tk.render("collaboration/spread.html", {"pkg": project, "pkg_dict": project, "dataset_type": project["type"],
                                                   "lineage": tk.h.digicanvis_lineage(project)})


@requests_pages.route("/")
def index() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    return tk.render("collaboration/requests.html", {
        scope: {kind: paged(call(action, scope=scope), f"{scope}_{kind}") for kind, action in LISTS.items()}
        for scope in ("sent", "received")
    })


def paged(items: list[Any], name: str) -> Page:
    """One page of a list; each list of the page has its own page parameter (``name``)."""
    number = max(tk.h.get_page_number(tk.request.args, name), 1)

    def url(q: Any = None, page: int = 1) -> str:
        return tk.h.url_for("digicanvis_requests.index", **{**tk.request.args.to_dict(), name: page})
    return Page(collection=items, page=number, url=url, items_per_page=ROWS)


@requests_pages.route("/contact/<request_id>", methods=["POST"])
def contact_update(request_id: str) -> Any:
    if tk.request.form.get("delete"):
        return submit("contact_request_delete", {"id": request_id}, "/requests", tk._("Request deleted."))
    return submit("contact_request_update", {"id": request_id, "status": tk.request.form.get("status", "")}, "/requests",
                  tk._("Request updated."))


@requests_pages.route("/visit/<visit_id>", methods=["POST"])
def visit_update(visit_id: str) -> Any:
    data = {**form(), "id": visit_id, "dates": [d for d in tk.request.form.getlist("dates") if d]}
    if not data["dates"]:
        data.pop("dates")
    return submit("visit_request_update", data, "/requests",
                  lambda visit: tk._("Your answer has been sent to {body}.").format(body=visit["visiting_body"]["title"]))


@requests_pages.route("/visit/<visit_id>/report", methods=["POST"])
def visit_report(visit_id: str) -> Any:
    return submit("visit_report_create", {"visit_id": visit_id, "body": tk.request.form.get("body", "")}, "/requests",
                  tk._("Your report is published on the project file."))
