"""The editorial review's pages: the queue (/review) for the observatory editors, and the
forms of the project page's review panel (submit, publish, return) and of "El meu espai"'s
notices. Every change goes through an action as the signed-in person."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.lib.helpers import Page

from ckanext.digicanvis.logic import review, vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.views.forum import call, came_from, readable, submit

review_pages = Blueprint("digicanvis_review", __name__)
ROWS = 20
FILTERS = ("queue", "organization", "area", "q")


def _project_page(id: str) -> str:
    return tk.h.url_for(f"{PROJECT_TYPE}.read", id=id)


@review_pages.route("/review")
def queue() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)

    def render() -> Any:
        chosen = {name: tk.request.args.get(name, "").strip() for name in FILTERS}
        chosen["queue"] = chosen["queue"] or review.IN_REVIEW
        listing = call("project_review_list", page=tk.h.get_page_number(tk.request.args), rows=ROWS,
                       **{name: value for name, value in chosen.items() if value})

        def url(q: Any = None, page: int = 1) -> str:
            return tk.h.url_for("digicanvis_review.queue", page=page, **{k: v for k, v in chosen.items() if v})
        page = Page(collection=listing["results"], page=listing["page"], url=url, item_count=listing["count"],
                    items_per_page=listing["rows"])
        page.items = listing["results"]
        return tk.render("review/queue.html", {"page": page, "listing": listing, "chosen": chosen,
                                               "areas": vocabularies.scheme("area").codes()})
    return readable(render)


@review_pages.route("/review/<id>", methods=["POST"])
def decide(id: str) -> Any:
    back = came_from(tk.h.url_for("digicanvis_review.queue"))
    decision = tk.request.form.get("decision", "")
    done = {review.PUBLISH: tk._("Published: it is public now, and its body has been told."),
            review.RETURN: tk._("Returned to its body with your comment; they have been told by e-mail.")}
    return submit("project_review", {"id": id, "decision": decision, "comment": tk.request.form.get("comment", "")},
                  back, done.get(decision))


@review_pages.route(f"/{PROJECT_TYPE}/<id>/submit", methods=["POST"])
def submit_for_review(id: str) -> Any:
    return submit("project_submit_for_review", {"id": id, "note": tk.request.form.get("note", "")}, _project_page(id),
                  tk._("Submitted for review. The observatory's editors will publish it or send it back with "
                       "comments; you will get an e-mail either way."))


@review_pages.route("/my-space/notices", methods=["POST"])
def mark_notices_read() -> Any:
    return submit("project_notice_mark_read", {}, tk.h.url_for("digicanvis_space.index") + "#project-notices",
                  lambda marked: tk._("{n} notices marked as read.").format(n=marked["marked"]))
