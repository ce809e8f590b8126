"""Pages for joining: confirm one's e-mail (/user/confirm/<token>), ask for a new link, ask to
join a local body (/user/join), and "El meu espai" (/my-space): one's projects and drafts,
bodies and membership requests, requests sent and received, follows, notifications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user, login_user

from ckanext.digicanvis.logic import accounts, space
from ckanext.digicanvis.views.forum import call, form, submit

accounts_pages = Blueprint("digicanvis_accounts", __name__, url_prefix="/user")
space_pages = Blueprint("digicanvis_space", __name__, url_prefix="/my-space")


def _sign_in_first() -> Any:
    return tk.redirect_to("user.login", came_from=tk.request.full_path)


@accounts_pages.route("/confirm/<token>")
def confirm(token: str) -> Any:
    try:
        user = accounts.user_of_token(token)
    except accounts.LinkExpired:
        return tk.render("accounts/confirm_failed.html", {"expired": True})
    except accounts.LinkInvalid:
        return tk.render("accounts/confirm_failed.html", {"expired": False})
    if not accounts.activate(user):
        tk.h.flash_notice(tk._("Your e-mail address was already confirmed. Sign in to go on."))
        return tk.redirect_to("user.login")
    login_user(user)
    tk.h.flash_success(tk._("Your e-mail address is confirmed and you are signed in. Now tell us which local body you work for."))
    return tk.redirect_to("digicanvis_accounts.join")


@accounts_pages.route("/confirm", methods=["POST"])
def resend() -> Any:
    return submit("digicanvis_confirmation_resend", {"email": tk.request.form.get("email", "")}, tk.h.url_for("user.login"),
                  tk._("If an account with that address is waiting for confirmation, a new link is on its way."))


@accounts_pages.route("/join", methods=["GET", "POST"])
def join() -> Any:
    if current_user.is_anonymous:
        return _sign_in_first()
    data = form() if tk.request.method == "POST" else {"organization": tk.request.args.get("organization", "")}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        try:
            made = call("membership_request_create", **data)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Your request to join {body} has been sent.").format(body=made["organization"]["title"])
                               + " " + made["who_decides"] + " " + tk._("You will get an e-mail with the answer."))
            return tk.redirect_to("digicanvis_space.index")
    return tk.render("accounts/join.html", {"data": data, "errors": errors,
                                            "bodies": current_user.get_groups("organization"),
                                            "requests": call("membership_request_list", scope="mine")})


@accounts_pages.route("/join/<request_id>", methods=["POST"])
def decide(request_id: str) -> Any:
    back = tk.h.url_for("digicanvis_space.index") + "#join-requests"
    if tk.request.form.get("cancel"):
        return submit("membership_request_cancel", {"id": request_id}, back, tk._("Your request is withdrawn."))
    decision = tk.request.form.get("decision", "")
    done = (lambda made: tk._("{name} is now {role} of {body}; they have been told by e-mail.").format(
                name=made["user"]["display_name"], body=made["organization"]["title"],
                role=tk._("administrator") if made["role"] == "admin" else tk._("editor"))) if decision == "approve" else (
            lambda made: tk._("Request refused; {name} has been told by e-mail.").format(name=made["user"]["display_name"]))
    return submit("membership_request_decide", {"id": request_id, "decision": decision,
                                                 "note": tk.request.form.get("note", "")}, back, done)


@space_pages.route("/")
def index() -> Any:
    if current_user.is_anonymous:
        return _sign_in_first()
    return tk.render("accounts/space.html", space.of(current_user))


@space_pages.route("/unfollow", methods=["POST"])
def unfollow() -> Any:
    data = {"object_type": tk.request.form.get("object_type", ""), "id": tk.request.form.get("id", "")}
    return submit("forum_unfollow", data, tk.h.url_for("digicanvis_space.index") + "#follows", tk._("You no longer follow it."))


@space_pages.route("/language", methods=["POST"])
def language() -> Any:
    return submit("digicanvis_language_update", {"language": tk.request.form.get("language", "")},
                  tk.h.url_for("digicanvis_space.index") + "#email-language",
                  tk._("Saved: the observatory's e-mails will reach you in this language."))


@space_pages.route("/drafts/<id>/discard", methods=["POST"])
def discard(id: str) -> Any:
    return submit("project_draft_discard", {"id": id}, tk.h.url_for("digicanvis_space.index"),
                  tk._("The draft has been deleted."))

