"""Contact the team, request a visit, replicate or collaborate: the rules.

Addresses are never shown: a contact request is relayed by e-mail to the project's contacts
(or, when none has an e-mail, to the owning body's admins) with the sender's address as
Reply-To, so the team answers by e-mail and the sender never learns theirs.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.digicanvis.logic import access, contacts, forum, limits, mail, people
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.model.collaboration import (
    BlockedSender, CollaborationInterest, ContactRequest, VisitReport, VisitRequest,
)
from ckanext.digicanvis.model.forum import now

HONEYPOT = "website"
REQUEST_KINDS = ("contact", "visit")
INTEREST_KINDS = ("replicate", "collaborate")
MAX_VISITORS = 100


def project(context: dict[str, Any], id_or_name: str) -> model.Package:
    package = access.readable_project(context, id_or_name, field="project")
    if not package.owner_org:
        raise tk.ValidationError({"project": [tk._("This project has no local body to write to.")]})
    return package


def is_member_of(user: model.User | None, organization_id: str, roles: tuple[str, ...] = ("admin", "editor", "member")) -> bool:
    if user is None:
        return False
    return bool(user.sysadmin) or authz.users_role_for_group_or_org(organization_id, user.name) in roles


def local_body_of(user: model.User, wanted: str | None = None) -> model.Group:
    """The local body a user acts for: the named one if they belong to it, else their first."""
    bodies = [group for group in user.get_groups("organization") if group.state == "active"]
    if wanted:
        body = model.Group.get(wanted)
        if body is None or body not in bodies:
            raise tk.ValidationError({"visiting_body": [tk._("You are not a member of that local body.")]})
        return body
    if not bodies:
        raise tk.ValidationError({"organization": [tk._("Only members of a local body can do this. Ask your body's administrator to add you.")]})
    return sorted(bodies, key=lambda group: group.title)[0]


def check_not_abusive(user: model.User, package: model.Package, data_dict: dict[str, Any]) -> None:
    """Honeypot, blocked senders, and the sender's limits over the last 24 hours: requests in
    all, and requests to this project (per sender, so nobody can close a team's form for
    others). Counted from the send log: deleting a request gives nothing back."""
    if (data_dict.get(HONEYPOT) or "").strip():
        raise tk.ValidationError({"message": [tk._("Your message could not be sent.")]})
    if model.Session.get(BlockedSender, user.id) is not None:
        raise tk.ValidationError({"message": [tk._("You may not send requests: an editor has blocked your account. Write to the observatory.")]})
    day = datetime.timedelta(days=1)
    sent_by_user = limits.sent(user.id, REQUEST_KINDS, day)
    if sent_by_user >= tk.config["ckanext.digicanvis.contact.per_user_per_day"]:
        raise tk.ValidationError({"message": [tk._("You have sent {n} requests today, the limit. Try again tomorrow.").format(n=sent_by_user)]})
    to_project = limits.sent(user.id, REQUEST_KINDS, day, package_id=package.id)
    if to_project >= tk.config["ckanext.digicanvis.contact.per_sender_per_project_per_day"]:
        raise tk.ValidationError({"message": [tk._("You have sent {n} requests to this project today, the limit. Try again tomorrow.").format(n=to_project)]})


# Who answers a project's messages: its contacts, else its body's admins, else the editors.
TEAM, BODY, EDITORS = "team", "body", "editors"


def recipients(package: model.Package) -> tuple[list[tuple[str, str]], str]:
    """(name, e-mail) of whoever will answer for the project, and which of TEAM, BODY or
    EDITORS they are: the contacts with an e-mail, else the body's own admins, else the
    observatory's editors who may read the project (a message is never dropped for want of an
    address)."""
    found = [(c["name"], c["email"]) for c in contacts.stored_contacts(package.id) if c.get("email")]
    if found:
        return found, TEAM
    admins = [(user.display_name, user.email) for user in people.body_admins(package.owner_org) if user.email]
    if admins:
        return admins, BODY
    editors = [user for user in people.observatory_editors() if user.email]
    # Only those who may read the project (a private one is its body's and the sysadmins').
    readers = [user for user in editors if access.may_read_package(access.context_of(user), package.id)]
    return [(user.display_name, user.email) for user in readers], EDITORS


def who_answers(kind: str, package: model.Package) -> str:
    """What the sender is told about who will answer (translated, current language)."""
    body = package.get_groups("organization")[0].title if package.get_groups("organization") else ""
    if kind == TEAM:
        return tk._("The project's contact persons will answer you by e-mail.")
    if kind == BODY:
        return tk._("The project has no contact e-mail: the administrators of {body} will answer you by e-mail.").format(body=body)
    return tk._("Neither the project nor {body} can be reached yet: the observatory's editors received your "
                "message and will answer you or put you in touch.").format(body=body)


def editors_note(kind: str) -> str:
    """The line that heads a message forwarded to the editors, in the site's language."""
    if kind != EDITORS:
        return ""
    return tk._("[Note for the observatory editors: this project has no contact e-mail and its local body has "
                "no administrator yet. Please answer the sender or put them in touch.]") + "\n\n"


def project_url(package: model.Package) -> str:
    return tk.url_for(f"{PROJECT_TYPE}.read", id=package.name, _external=True)


def relay_contact_request(request: ContactRequest, package: model.Package, sender: model.User) -> str:
    """Queue the e-mails; returns who will answer (TEAM, BODY or EDITORS)."""
    targets, kind = recipients(package)

    def write() -> tuple[str, str]:
        subject = mail.site_subject(tk._('A message about "{project}"').format(project=package.title))
        body = editors_note(kind) + tk._(
            "{sender} ({address}) writes to you through the observatory about your project \"{project}\" "
            "({url}).\n\nAnswer by replying to this e-mail: it goes to {sender}.\n\n---\n\n{message}\n"
        ).format(sender=sender.display_name, address=sender.email, project=package.title,
                 url=project_url(package), message=request.message)
        return subject, body
    mail.queue_letter(targets, write, reply_to=sender.email)
    return kind


def tell(user_id: str, write: Callable[[], tuple[str, str]]) -> None:
    """E-mail one person (``write`` gives subject and body, written in their language)."""
    user = model.Session.get(model.User, user_id)
    if user is not None:
        mail.queue_letter([user], write)


def body_summary(group_id: str) -> dict[str, str]:
    group = model.Session.get(model.Group, group_id)
    return {"name": group.name, "title": group.title} if group else {"name": "", "title": ""}


def contact_request_dict(request: ContactRequest, for_owner: bool) -> dict[str, Any]:
    package = model.Session.get(model.Package, request.package_id)
    sender = model.Session.get(model.User, request.sender_id)
    data = {
        "id": request.id,
        "project": {"name": package.name, "title": package.title},
        "organization": body_summary(request.organization_id),
        "message": request.message,
        "status": request.status,
        "created": request.created.isoformat(),
        "updated": request.updated.isoformat(),
        "sender": {"name": sender.name, "display_name": sender.display_name},
    }
    if for_owner:  # the team answers by e-mail: they may see where to
        data["sender"]["email"] = sender.email
    return data


def visit_dict(visit: VisitRequest) -> dict[str, Any]:
    package = model.Session.get(model.Package, visit.package_id)
    requester = model.Session.get(model.User, visit.requester_id)
    return {
        "id": visit.id,
        "project": {"name": package.name, "title": package.title},
        "organization": body_summary(visit.organization_id),
        "visiting_body": body_summary(visit.visiting_body_id),
        "requester": {"name": requester.name, "display_name": requester.display_name},
        "purpose": visit.purpose,
        "proposed_dates": [day.isoformat() for day in visit.proposed_dates],
        "visitors": visit.visitors,
        "status": visit.status,
        "host_message": visit.host_message or "",
        "host_dates": [day.isoformat() for day in visit.host_dates or []],
        "accepted_date": visit.accepted_date.isoformat() if visit.accepted_date else None,
        "report": model.Session.query(VisitReport.id).filter_by(visit_id=visit.id).scalar(),
        "created": visit.created.isoformat(),
    }


def report_dict(report: VisitReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "visiting_body": body_summary(report.visiting_body_id),
        "body": report.body,
        "body_html": forum.render(report.body),
        "created": report.created.isoformat(),
    }


def interests_summary(package: model.Package) -> dict[str, Any]:
    """Public: counts per kind and the bodies that chose to be listed (no people)."""
    rows = model.Session.query(CollaborationInterest).filter_by(package_id=package.id).order_by(CollaborationInterest.created)
    summary: dict[str, Any] = {kind: {"count": 0, "bodies": []} for kind in INTEREST_KINDS}
    for row in rows:
        summary[row.kind]["count"] += 1
        if row.public:
            summary[row.kind]["bodies"].append(body_summary(row.organization_id))
    return summary
