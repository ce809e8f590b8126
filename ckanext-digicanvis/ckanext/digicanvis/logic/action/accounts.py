"""Actions of accounts and joining a local body. Each has an auth function of the same name
(logic/auth/accounts.py)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from ckanext.digicanvis.logic import accounts, mail, schema
from ckanext.digicanvis.logic.people import required_user, user_of
from ckanext.digicanvis.logic.validators import text_error
from ckanext.digicanvis.model.accounts import MembershipRequest

__all__ = [
    "user_create", "user_update", "digicanvis_confirmation_resend", "membership_request_create", "membership_request_list",
    "membership_request_decide", "membership_request_cancel", "digicanvis_language_update",
]


# The account's texts CKAN's schema takes as they come, with the longest each may be: a number
# as the e-mail made CKAN's validator fail (a 500), control characters reached the database,
# an e-mail of spaces made an account without one.
USER_TEXTS = {"name": None, "email": 254, "fullname": 500, "about": None, "password": None}


def check_user_texts(data_dict: DataDict) -> None:
    errors: dict[str, list[str]] = {}
    for name, longest in USER_TEXTS.items():
        value = data_dict.get(name)
        if value is None:
            continue
        error = text_error(value) if name != "password" or not isinstance(value, str) else None
        if error is None and name == "email" and not value.strip():
            error = tk._("Missing value")  # CKAN strips it after checking it is not empty
        if error is None and longest is not None and len(value) > longest:
            error = tk._("At most {max} characters").format(max=longest)
        if error:
            errors[name] = [error]
    if errors:
        raise tk.ValidationError(errors)


@tk.chained_action
def user_create(original: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """CKAN's, plus: its texts must be texts, and a person registering themselves (not signed
    in, no internal call) gets an account waiting for the confirmation of their e-mail address."""
    tk.check_access("user_create", context, data_dict)  # who may, before what they sent
    check_user_texts(data_dict)
    self_service = not context.get("ignore_auth") and user_of(context) is None
    created = original(context, data_dict)
    if self_service and accounts.confirmation_needed():
        user = model.User.get(created["id"])
        user.state = model.State.PENDING
        model.Session.commit()
        try:
            accounts.send_confirmation(user)
        except mail.QueueUnavailable:
            sent = False  # the account waits; the sign-in page's form sends the link again
        else:
            sent = True
        created["state"] = user.state
        if has_request_context() and tk.request.endpoint == "user.register":
            if sent:
                tk.h.flash_success(tk._("Almost done: we have sent a link to {email}. Open it within {hours} hours to "
                                        "confirm your address and sign in.").format(
                    email=user.email, hours=tk.config["ckanext.digicanvis.accounts.confirm_hours"]))
            else:
                tk.h.flash_notice(tk._("Your account waits for the confirmation of {email}, but the observatory cannot "
                                       "send e-mails at this moment: ask for the link again on the sign-in page in a "
                                       "few minutes.").format(email=user.email))
    return created


@tk.chained_action
def user_update(original: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """CKAN's, plus: its texts must be texts (an e-mail of spaces left an account without one)."""
    tk.check_access("user_update", context, data_dict)
    check_user_texts(data_dict)
    return original(context, data_dict)


@tk.validate(schema.confirmation_resend)
def digicanvis_confirmation_resend(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Send the confirmation link again to an account waiting for it. The answer is the same
    whether or not such an account exists (it reveals no address)."""
    tk.check_access("digicanvis_confirmation_resend", context, data_dict)
    # Compared whole, case aside: with ilike, "%" in the address matched every waiting account.
    waiting = model.Session.query(model.User).filter(
        func.lower(model.User.email) == data_dict["email"].lower(), model.User.state == model.State.PENDING).all()
    with mail.queued_or_refused():
        for user in waiting:
            accounts.send_confirmation(user)
    return {"email": data_dict["email"], "sent": True}


@tk.validate(schema.membership_request_create)
def membership_request_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Ask to join a local body (``organization``: name, id or title; ``message`` optional).
    Its admins, or the observatory editors while it has none, are told by e-mail."""
    tk.check_access("membership_request_create", context, data_dict)
    user = required_user(context)
    group = accounts.body(data_dict["organization"])
    request = accounts.ask_to_join(user, group, data_dict.get("message", ""))
    return {**accounts.request_dict(request), "who_decides": accounts.who_decides_text(group)}


@tk.side_effect_free
@tk.validate(schema.membership_request_list)
def membership_request_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Your requests (``scope`` mine) or the open ones you may answer (``scope`` to_decide)."""
    tk.check_access("membership_request_list", context, data_dict)
    user = required_user(context)
    if data_dict["scope"] == "to_decide":
        requests = accounts.requests_to_decide(user)
    else:
        requests = model.Session.query(MembershipRequest).filter_by(user_id=user.id).order_by(
            MembershipRequest.created.desc()).all()
    return [accounts.request_dict(request) for request in requests]


@tk.validate(schema.membership_request_decide)
def membership_request_decide(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Admit (``decision`` approve) or refuse (reject) a request, with an optional ``note``
    for the person. Admitted people become editors of the body, or its admin if it has none."""
    tk.check_access("membership_request_decide", context, data_dict)
    request = accounts.decide(accounts.get_request(data_dict.get("id")), required_user(context), data_dict["decision"] == "approve",
                              data_dict.get("note", ""))
    return accounts.request_dict(request)


@tk.validate(schema.by_id)
def membership_request_cancel(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw your own open request."""
    tk.check_access("membership_request_cancel", context, data_dict)
    request = accounts.get_request(data_dict.get("id"))
    if request.status != "pending":
        raise tk.ValidationError({"id": [tk._("This request has already been answered.")]})
    request.status = "cancelled"
    model.Session.commit()
    return accounts.request_dict(request)


def digicanvis_language_update(context: Context, data_dict: DataDict) -> dict[str, str]:
    """The caller's language for the observatory's e-mails: ``language``, one of
    ``ckan.locales_offered``. Kept in the account's ``plugin_extras`` (logic/mail.py reads it)."""
    tk.check_access("digicanvis_language_update", context, data_dict)
    return {"language": mail.choose_language(required_user(context), data_dict.get("language"))}
