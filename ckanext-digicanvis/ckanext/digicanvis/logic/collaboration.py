"""Contact the team, request a visit, replicate or collaborate: the rules.

Addresses are never shown: a contact request is relayed by e-mail to the project's contacts
(or, when none has an e-mail, to the owning body's admins) with the sender's address as
Reply-To, so the team answers by e-mail and the sender never learns theirs.
"""

from __future__ import annotations

import datetime
from typing import Any

from flask_babel import force_locale
import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.lib import mailer

from ckanext.digicanvis.logic import access, contacts, forum, limits
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


def recipients(package: model.Package) -> list[tuple[str, str]]:
    """(name, e-mail) of the project's contacts with an e-mail, else of its body's admins."""
    found = [(c["name"], c["email"]) for c in contacts.stored_contacts(package.id) if c.get("email")]
    if found:
        return found
    admins = model.Session.query(model.User).join(model.Member, model.Member.table_id == model.User.id).filter(
        model.Member.group_id == package.owner_org, model.Member.table_name == "user",
        model.Member.state == "active", model.Member.capacity == "admin", model.User.state == "active")
    return [(user.display_name, user.email) for user in admins if user.email]


def queue_email(name: str, address: str, subject: str, body: str, reply_to: str | None = None) -> None:
    tk.enqueue_job(deliver, [name, address, subject, body, reply_to], title=f"e-mail to {address.split('@')[-1]}")


def deliver(name: str, address: str, subject: str, body: str, reply_to: str | None) -> None:
    """The job: one e-mail through CKAN's mailer."""
    mailer.mail_recipient(name, address, subject, body, headers={"Reply-To": reply_to} if reply_to else None)


def in_site_language(write: Any) -> tuple[str, str]:
    with force_locale(tk.config["ckan.locale_default"]):
        return write()


def project_url(package: model.Package) -> str:
    return tk.url_for(f"{PROJECT_TYPE}.read", id=package.name, _external=True)


def relay_contact_request(request: ContactRequest, package: model.Package, sender: model.User) -> int:
    def write() -> tuple[str, str]:
        subject = f"[{tk.config['ckan.site_title']}] " + tk._('A message about "{project}"').format(project=package.title)
        body = tk._(
            "{sender} ({address}) writes to you through the observatory about your project \"{project}\" "
            "({url}).\n\nAnswer by replying to this e-mail: it goes to {sender}.\n\n---\n\n{message}\n"
        ).format(sender=sender.display_name, address=sender.email, project=package.title,
                 url=project_url(package), message=request.message)
        return subject, body
    subject, body = in_site_language(write)
    targets = recipients(package)
    for name, address in targets:
        queue_email(name, address, subject, body, reply_to=sender.email)
    return len(targets)


def tell(user_id: str, subject_text: str, body_text: str) -> None:
    user = model.Session.get(model.User, user_id)
    if user is not None and user.email:
        queue_email(user.display_name, user.email, f"[{tk.config['ckan.site_title']}] {subject_text}", body_text)


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
