"""Accounts and joining a local body: the rules.

- A person who registers on the site gets an account waiting for confirmation (CKAN's
  ``pending`` state, which cannot sign in) and an e-mail with a signed link that expires
  (``ckanext.digicanvis.accounts.confirm_hours``); opening it activates the account.
- A person asks to join a body. Who decides: the body's own admins; while it has none, the
  observatory editors. The first person admitted to a body becomes its admin, later ones
  its editors (they document projects).
- Single sign-on may name the person's body in a claim: that becomes a request, or a
  membership when ``ckanext.digicanvis.sso.trust_body_claim`` is on.
"""

from __future__ import annotations

import datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import limits, mail, people, pickers
from ckanext.digicanvis.model.accounts import MembershipRequest
from ckanext.digicanvis.model.forum import now

CONFIRM_SALT = "digicanvis-confirm-email"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


# ------------------------------------------------------------------ e-mail confirmation


def confirmation_needed() -> bool:
    return tk.config["ckanext.digicanvis.accounts.confirm_email"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(tk.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirmation_token(user: model.User) -> str:
    # The e-mail is signed too: a link stops working if the address changes.
    return _serializer().dumps({"id": user.id, "email": user.email})


def user_of_token(token: str) -> model.User:
    """The account a confirmation link is for; LinkExpired / LinkInvalid otherwise."""
    max_age = tk.config["ckanext.digicanvis.accounts.confirm_hours"] * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired()
    except BadSignature:
        raise LinkInvalid()
    user = model.User.get(data.get("id") or "")
    if user is None or user.email != data.get("email") or user.state == "deleted":
        raise LinkInvalid()
    return user


def send_confirmation(user: model.User) -> bool:
    """E-mail the confirmation link, unless this account was sent ``confirmations_per_hour``
    already in the last hour (counted in the send log); True when sent."""
    if limits.sent(user.id, ("confirmation",), datetime.timedelta(hours=1)) >= tk.config[
            "ckanext.digicanvis.accounts.confirmations_per_hour"]:
        return False
    url = tk.url_for("digicanvis_accounts.confirm", token=confirmation_token(user), _external=True)
    hours = tk.config["ckanext.digicanvis.accounts.confirm_hours"]
    subject, body = mail.in_language_of(user, lambda: (
        mail.site_subject(tk._("Confirm your e-mail address")),
        tk._("Hello {name},\n\nTo finish creating your account on {site}, open this link within {hours} hours:\n\n{url}\n\n"
             "If you did not ask for an account, ignore this message: nothing will be created.\n").format(
            name=user.display_name, site=tk.config["ckan.site_title"], hours=hours, url=url),
    ))
    mail.queue_email(user.display_name, user.email, subject, body)
    limits.record(user.id, "confirmation")  # once queued: a refused queue sent nothing
    model.Session.commit()
    return True


def activate(user: model.User) -> bool:
    """True when this confirmation activated the account (False: it was already active)."""
    if user.state == model.State.ACTIVE:
        return False
    user.state = model.State.ACTIVE
    model.Session.commit()
    return True


# ------------------------------------------------------------------ joining a body


def body(id_or_name: str) -> model.Group:
    found = pickers.find_local_body(id_or_name)
    if found is None:
        raise tk.ValidationError({"organization": [tk._('No local body is called "{name}": choose one from the list.').format(name=id_or_name)]})
    return found


def get_request(request_id: str | None) -> MembershipRequest:
    request = model.Session.get(MembershipRequest, request_id or "")
    if request is None:
        raise tk.ObjectNotFound(tk._("Request not found"))
    return request


def role_in(user: model.User, organization_id: str) -> str | None:
    return model.Session.query(model.Member.capacity).filter(
        model.Member.group_id == organization_id, model.Member.table_id == user.id,
        model.Member.table_name == "user", model.Member.state == "active").scalar()


def deciders(organization_id: str) -> tuple[list[model.User], bool]:
    """Who decides on requests to join this body, and whether they are the editors (the body
    has no admin of its own yet)."""
    admins = people.body_admins(organization_id)
    if admins:
        return admins, False
    return people.observatory_editors(), True


def may_decide(user: model.User | None, organization_id: str) -> bool:
    if user is None:
        return False
    admins = people.body_admins(organization_id)
    if any(admin.id == user.id for admin in admins):
        return True
    # Editors decide while the body has no admin; sysadmins always may.
    return bool(user.sysadmin) or (not admins and people.is_observatory_editor(user))


def open_request(user: model.User, organization_id: str) -> MembershipRequest | None:
    return model.Session.query(MembershipRequest).filter_by(
        user_id=user.id, organization_id=organization_id, status="pending").first()


def ask_to_join(user: model.User, group: model.Group, message: str, source: str = "web") -> MembershipRequest:
    if role_in(user, group.id):
        raise tk.ValidationError({"organization": [tk._("You are already a member of {body}.").format(body=group.title)]})
    if open_request(user, group.id) is not None:
        raise tk.ValidationError({"organization": [tk._("You have already asked to join {body}; the answer will come by e-mail.").format(body=group.title)]})
    # Counted from the send log: withdrawing a request and asking again counts twice.
    asked = limits.sent(user.id, ("membership",), datetime.timedelta(days=1))
    if asked >= tk.config["ckanext.digicanvis.accounts.join_requests_per_day"]:
        raise tk.ValidationError({"organization": [tk._("You have sent {n} requests to join today, the limit. Try again tomorrow.").format(n=asked)]})
    request = MembershipRequest(user_id=user.id, organization_id=group.id, message=message or "", source=source)
    model.Session.add(request)
    limits.record(user.id, "membership")
    model.Session.flush()
    with mail.queued_or_refused():  # queued before the commit: never a request nobody hears of
        tell_deciders(request, user, group)
    model.Session.commit()
    return request


def tell_deciders(request: MembershipRequest, user: model.User, group: model.Group) -> None:
    targets, editors = deciders(group.id)
    url = tk.url_for("digicanvis_space.index", _external=True) + "#join-requests"

    def write() -> tuple[str, str]:
        note = tk._("{body} has no administrator yet, so the observatory editors decide. The first person "
                    "admitted becomes its administrator.\n\n").format(body=group.title) if editors else ""
        return (mail.site_subject(tk._("{name} asks to join {body}").format(name=user.display_name, body=group.title)),
                note + tk._("{name} ({email}) asks to join {body} on the observatory.\n\n{message}\n\n"
                            "Admit or refuse them in your space: {url}\n").format(
                    name=user.display_name, email=user.email, body=group.title, message=request.message, url=url))
    mail.queue_letter(targets, write)


def who_decides_text(group: model.Group) -> str:
    _targets, editors = deciders(group.id)
    if editors:
        return tk._("{body} has no administrator on the observatory yet: the observatory editors will answer, "
                    "and the first person admitted becomes its administrator.").format(body=group.title)
    return tk._("The administrators of {body} will answer.").format(body=group.title)


def role_for_newcomer(group: model.Group) -> str:
    """The body's first own member becomes its admin, later ones its editors."""
    return "editor" if people.body_admins(group.id) else "admin"


def admit(user: model.User, group: model.Group, role: str | None = None) -> str:
    """Make the user a member (committed); the body's first own admin if it has none.
    Returns the role."""
    role = role or role_for_newcomer(group)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("organization_member_create")(
        {"ignore_auth": True, "user": site_user["name"]}, {"id": group.id, "username": user.name, "role": role})
    return role


def decide(request: MembershipRequest, actor: model.User, approve: bool, note: str) -> MembershipRequest:
    if request.status != "pending":
        raise tk.ValidationError({"id": [tk._("This request has already been answered.")]})
    user = model.Session.get(model.User, request.user_id)
    group = model.Session.get(model.Group, request.organization_id)
    if approve:
        request.role = role_for_newcomer(group)
    request.status = "approved" if approve else "rejected"
    request.decided_by, request.decided, request.decision_note = actor.id, now(), note or ""
    # The answer is queued before anything is committed (admitting commits): with the queue
    # down the decision is refused, never made without telling the person.
    with mail.queued_or_refused():
        tell_requester(request, user, group)
    if approve:
        admit(user, group, request.role)
    model.Session.commit()
    return request


def tell_requester(request: MembershipRequest, user: model.User, group: model.Group) -> None:
    if not user.email:
        return
    space = tk.url_for("digicanvis_space.index", _external=True)

    def write() -> tuple[str, str]:
        if request.status == "approved":
            role = tk._("administrator") if request.role == "admin" else tk._("editor")
            return (mail.site_subject(tk._("Welcome to {body}").format(body=group.title)),
                    tk._("You are now {role} of {body} on the observatory: you can document its projects.\n\n{note}\n\n{url}\n").format(
                        role=role, body=group.title, note=request.decision_note or "", url=space))
        return (mail.site_subject(tk._("Your request to join {body}").format(body=group.title)),
                tk._("Your request to join {body} was not accepted.\n\n{note}\n\n{url}\n").format(
                    body=group.title, note=request.decision_note or "", url=space))
    mail.queue_letter([user], write)


def request_dict(request: MembershipRequest) -> dict[str, Any]:
    user = model.Session.get(model.User, request.user_id)
    group = model.Session.get(model.Group, request.organization_id)
    decider = model.Session.get(model.User, request.decided_by) if request.decided_by else None
    return {
        "id": request.id,
        "user": {"name": user.name, "display_name": user.display_name},
        "organization": {"name": group.name, "title": group.title},
        "message": request.message,
        "source": request.source,
        "status": request.status,
        "role": request.role,
        "decided_by": decider.display_name if decider else None,
        "decision_note": request.decision_note or "",
        "created": request.created.isoformat(),
        "decided": request.decided.isoformat() if request.decided else None,
    }


def _admins_of_bodies() -> Any:
    """SQL: (body id) of each body with an admin of its own (an active person, not a sysadmin)."""
    return model.Session.query(model.Member.group_id).join(model.User, model.User.id == model.Member.table_id).filter(
        model.Member.table_name == "user", model.Member.state == "active", model.Member.capacity == "admin",
        model.User.state == "active", model.User.sysadmin.is_(False))


def _to_decide(user: model.User) -> Any:
    """SQL: the open requests this person may answer (the rule of ``may_decide``)."""
    pending = model.Session.query(MembershipRequest).filter(MembershipRequest.status == "pending")
    if user.sysadmin:
        return pending
    administered = _admins_of_bodies().filter(model.Member.table_id == user.id)
    answerable = [MembershipRequest.organization_id.in_(administered.scalar_subquery())]
    if people.is_observatory_editor(user):
        answerable.append(~MembershipRequest.organization_id.in_(_admins_of_bodies().scalar_subquery()))
    return pending.filter(or_(*answerable))


def requests_to_decide(user: model.User) -> list[MembershipRequest]:
    """Open requests this person may answer: to bodies they administer, and, for editors, to
    bodies with no admin of their own; oldest first."""
    return _to_decide(user).order_by(MembershipRequest.created).all()


def count_to_decide(user: model.User) -> int:
    return _to_decide(user).count()


# ------------------------------------------------------------------ single sign-on


def join_from_claim(user: model.User, value: str) -> MembershipRequest | str | None:
    """The body named by the identity provider's claim: a membership when the claim is
    trusted, else a request. None when the claim names no body (logged)."""
    group = pickers.find_local_body(value) if value else None
    if group is None or role_in(user, group.id):
        return None
    if tk.config["ckanext.digicanvis.sso.trust_body_claim"]:
        return admit(user, group)
    existing = open_request(user, group.id)
    if existing is not None:
        return existing
    return ask_to_join(user, group, tk._("(Signed in with the identity service, which names this body.)"), source="sso")


def language_from_profile_form(sender: str, **kwargs: Any) -> None:
    """After ``user_update`` succeeded: the e-mail language its form sent (``digicanvis_language``),
    for the account it updated. A language the site does not offer is left unchanged."""
    language = (kwargs.get("data_dict") or {}).get("digicanvis_language")
    user = model.User.get((kwargs.get("result") or {}).get("id") or "")
    if language and user is not None and language in mail.offered_languages() and language != mail.chosen_language(user):
        mail.choose_language(user, language)
