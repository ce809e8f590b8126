"""The forum's pages: /forum, categories, topics, the new-topic form, search, moderation,
notifications, and each project's discussion tab (/project/<id>/discussion).

Every change goes through an action (logic/action/forum.py) with the signed-in user; forms
carry CKAN's CSRF token; errors come back as messages on the page, nothing half-stored.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user
from ckan.lib.helpers import Page

from ckanext.digicanvis.logic import forum
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

forum_pages = Blueprint("digicanvis_forum", __name__, url_prefix="/forum")
project_discussion = Blueprint("digicanvis_discussion", __name__)
ROWS = 20
# A path of this site: one leading slash (not two, not a backslash, which browsers read as
# another host), no spaces or control characters anywhere.
LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f]*")


def context() -> dict[str, Any]:
    return {"user": current_user.name, "auth_user_obj": current_user}


def call(action: str, /, **data: Any) -> Any:
    return tk.get_action(action)(context(), data)


def form() -> dict[str, Any]:
    return {key: value for key, value in tk.request.form.items() if key != "_csrf_token"}


def came_from(default: str) -> str:
    """Where a form goes back to: the page it names when that is a path of this site (never
    another site: an open redirect), else ``default``."""
    wanted = tk.request.form.get("came_from") or ""
    return wanted if LOCAL_PATH.fullmatch(wanted) else default


def error_text(error: tk.ValidationError) -> str:
    return " ".join(str(message) for messages in error.error_dict.values() for message in
                    (messages if isinstance(messages, list) else [messages]))


def submit(action: str, data: dict[str, Any], back: str, done: str | Callable[[Any], str] | None = None,
           then: Callable[[Any], str] | None = None) -> Any:
    """Run an action from a form; flash what happened (``done``: a text, or made from the
    action's result); go ``back``, or after a success where ``then`` says (from the result)."""
    try:
        result = call(action, **data)
    except tk.ValidationError as error:
        tk.h.flash_error(error_text(error))
    except tk.NotAuthorized as error:
        tk.h.flash_error(str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    else:
        if done:
            tk.h.flash_success(done(result) if callable(done) else done)
        if then:
            return tk.redirect_to(then(result))
    return tk.redirect_to(back)


def at_post(endpoint: str, post: dict[str, Any], **url_args: Any) -> str:
    """The address of a message on the page of its topic that holds it (topics are paged)."""
    return tk.h.url_for(endpoint, post=post["id"], **url_args) + f"#post-{post['id']}"


def readable(render: Callable[[], Any]) -> Any:
    try:
        return render()
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    except tk.ValidationError as error:
        return tk.abort(400, error_text(error))


def page_number() -> int:
    return tk.h.get_page_number(tk.request.args)


def topics_page(listing: dict[str, Any], **url_args: Any) -> Page:
    def url(q: Any = None, page: int = 1) -> str:
        return tk.h.url_for(tk.request.endpoint, page=page, **url_args, **tk.request.view_args)
    page = Page(collection=listing["results"], page=listing["page"], url=url,
                item_count=listing["count"], items_per_page=listing["rows"])
    page.items = listing["results"]
    return page


@forum_pages.route("/")
def index() -> Any:
    def render() -> Any:
        unanswered = tk.request.args.get("show") == "unanswered"
        listing = call("forum_topic_list", page=page_number(), rows=ROWS, unanswered=unanswered)
        return tk.render("forum/index.html", {
            "categories": call("forum_category_list"), "page": topics_page(listing, show=tk.request.args.get("show")),
            "unanswered": unanswered,
        })
    return readable(render)


@forum_pages.route("/c/<name>")
def category(name: str) -> Any:
    def render() -> Any:
        categories = call("forum_category_list")
        current = next((c for c in categories if c["name"] == name), None)
        if current is None:
            raise tk.ObjectNotFound()
        listing = call("forum_topic_list", category=name, page=page_number(), rows=ROWS)
        return tk.render("forum/category.html", {"category": current, "categories": categories,
                                                 "page": topics_page(listing)})
    return readable(render)


def show_topic(id: str) -> dict[str, Any]:
    """The topic with the page of messages the address asks for (``page``, or ``post``)."""
    wanted = {"post": tk.request.args["post"]} if tk.request.args.get("post") else {}
    return call("forum_topic_show", id=id, page=page_number(), **wanted)


def posts_page(topic: dict[str, Any]) -> Page:
    def url(q: Any = None, page: int = 1) -> str:
        return tk.h.url_for(tk.request.endpoint, page=page, **tk.request.view_args)
    page = Page(collection=topic["posts"], page=topic["page"], url=url, item_count=topic["post_count"],
                items_per_page=topic["rows"])
    page.items = topic["posts"]
    return page


@forum_pages.route("/t/<id>")
def topic(id: str) -> Any:
    def render() -> Any:
        shown = show_topic(id)
        if shown.get("discussion_of"):
            project = model.Package.get(shown["discussion_of"])
            return tk.redirect_to("digicanvis_discussion.discussion", id=project.name, **tk.request.args)
        return tk.render("forum/topic.html", {"topic": shown, "page": posts_page(shown)})
    return readable(render)


@forum_pages.route("/new", methods=["GET", "POST"])
def new_topic() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    data = {**form(), "projects": [p for p in tk.request.form.getlist("projects") if p.strip()]} if tk.request.method == "POST" \
        else {"category": tk.request.args.get("category", ""), "projects": tk.request.args.get("project", "")}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        try:
            created = call("forum_topic_create", **data)
            return tk.redirect_to("digicanvis_forum.topic", id=created["id"])
        except tk.ValidationError as error:
            errors = error.error_dict
    return tk.render("forum/new_topic.html", {"data": data, "errors": errors, "categories": call("forum_category_list")})


@forum_pages.route("/t/<id>/reply", methods=["POST"])
def reply(id: str) -> Any:
    back = came_from(tk.h.url_for("digicanvis_forum.topic", id=id))
    return submit("forum_post_create", {**form(), "topic_id": id}, back, tk._("Your reply is published."),
                  then=lambda post: at_post("digicanvis_forum.topic", post, id=id))


@forum_pages.route("/p/<id>/edit", methods=["GET", "POST"])
def edit_post(id: str) -> Any:
    def render() -> Any:
        tk.check_access("forum_post_update", context(), {"id": id})
        current = forum.get_post(id)
        errors: dict[str, Any] = {}
        body = current.body
        if tk.request.method == "POST":
            body = tk.request.form.get("body", "")
            try:
                call("forum_post_update", id=id, body=body)
                return tk.redirect_to(at_post("digicanvis_forum.topic", {"id": id}, id=current.topic_id))
            except tk.ValidationError as error:
                errors = error.error_dict
        return tk.render("forum/edit_post.html", {"post_id": id, "topic_id": current.topic_id, "body": body, "errors": errors})
    return readable(render)


@forum_pages.route("/p/<id>/flag", methods=["POST"])
def flag(id: str) -> Any:
    return submit("forum_post_flag", {"id": id, "reason": tk.request.form.get("reason", "")},
                  came_from("/forum"), tk._("Thank you: the editors will review this message."))


@forum_pages.route("/p/<id>/accept", methods=["POST"])
def accept(id: str) -> Any:
    return submit("forum_answer_accept", {"post_id": id}, came_from("/forum"), tk._("Marked as the answer."))


@forum_pages.route("/moderate", methods=["POST"])
def moderate() -> Any:
    data = {k: v for k, v in form().items() if k != "came_from"}
    return submit("forum_moderate", data, came_from("/forum/moderation"), moderation_done(data.get("action", "")))


def moderation_done(action: str) -> str:
    said = {
        "hide": tk._("The message is hidden: a placeholder stays in the thread, and its author has been told why."),
        "dismiss": tk._("The reports are dismissed: the message stays as it was."),
        "hide_topic": tk._("The whole topic is hidden, and its author has been told why."),
    }
    return said.get(action, tk._("Done, and written in the moderation log."))


@forum_pages.route("/follow", methods=["POST"])
def follow() -> Any:
    action = "forum_unfollow" if tk.request.form.get("unfollow") else "forum_follow"
    data = {"object_type": tk.request.form.get("object_type", ""), "id": tk.request.form.get("id", "")}
    return submit(action, data, came_from("/forum"),
                  tk._("You no longer follow it.") if action == "forum_unfollow" else tk._("You follow it now: new messages will notify you."))


@forum_pages.route("/search")
def search() -> Any:
    def render() -> Any:
        q = tk.request.args.get("q", "").strip()
        found = call("forum_search", q=q, page=page_number(), rows=ROWS,
                     **{k: tk.request.args[k] for k in ("category", "tag") if tk.request.args.get(k)}) if q else None
        return tk.render("forum/search.html", {"q": q, "found": found, "categories": call("forum_category_list")})
    return readable(render)


@forum_pages.route("/moderation")
def moderation() -> Any:
    return readable(lambda: tk.render("forum/moderation.html", {
        "queue": call("forum_flag_list"), "log": call("forum_moderation_log_list"),
        "categories": call("forum_category_list"),
    }))


@forum_pages.route("/notifications", methods=["GET", "POST"])
def notifications() -> Any:
    if current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    if tk.request.method == "POST":
        if tk.request.form.get("email_mode"):
            return submit("forum_preferences_update", {"email_mode": tk.request.form["email_mode"]},
                          "/forum/notifications", tk._("Saved."))
        return submit("forum_notification_mark_read", {}, "/forum/notifications",
                      lambda marked: tk._("{n} notifications marked as read.").format(n=marked["marked"]))
    listing = call("forum_notification_list", page=page_number())
    return tk.render("forum/notifications.html", {
        "notifications": listing, "page": topics_page(listing), "preferences": call("forum_preferences_show"),
    })


@project_discussion.route(f"/{PROJECT_TYPE}/<id>/discussion", methods=["GET", "POST"])
def discussion(id: str) -> Any:
    def render() -> Any:
        try:
            project = tk.get_action("package_show")(context(), {"id": id})
        except tk.NotAuthorized:  # as CKAN's project page: a private project one may not read is not found
            raise tk.ObjectNotFound()
        if tk.request.method == "POST":
            return submit("forum_post_create", {**form(), "project": project["id"]},
                          tk.h.url_for("digicanvis_discussion.discussion", id=project["name"]), tk._("Your message is published."),
                          then=lambda post: at_post("digicanvis_discussion.discussion", post, id=project["name"]))
        own = forum.discussion_topic(project["id"])
        thread = show_topic(own.id) if own is not None and forum.may_read_topic(context(), own) else None
        others = [t for t in call("forum_topic_list", project=project["id"], rows=20)["results"] if not own or t["id"] != own.id]
        return tk.render("forum/project_discussion.html", {
            "pkg_dict": project, "pkg": project, "dataset_type": project["type"], "topic": thread, "linked_topics": others,
            "page": posts_page(thread) if thread else None,
        })
    return readable(render)
