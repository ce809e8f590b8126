"""Actions to contact a project's team, visit it, and replicate or collaborate.
Each has an auth function of the same name (logic/auth/collaboration.py)."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import collaboration as collab, formats, limits, mail, schema
from ckanext.digicanvis.logic.people import required_user
from ckanext.digicanvis.model.collaboration import (
    BlockedSender, CollaborationInterest, ContactRequest, VisitReport, VisitRequest,
)
from ckanext.digicanvis.model.forum import now

__all__ = [
    "contact_request_create", "contact_request_list", "contact_request_update", "contact_request_delete",
    "visit_request_create", "visit_request_list", "visit_request_update", "visit_report_create",
    "visit_report_list", "collaboration_interest_create", "collaboration_interest_list",
    "contact_sender_block", "contact_sender_unblock",
]


@tk.validate(schema.contact_request_create)
def contact_request_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Write to a ``project``'s team (``message``): relayed by e-mail with your address to
    answer to; you never see theirs. Returns the stored request."""
    tk.check_access("contact_request_create", context, data_dict)
    sender = required_user(context)
    package = collab.project(context, data_dict["project"])
    collab.check_not_abusive(sender, package, data_dict)
    if not sender.email:
        raise tk.ValidationError({"message": [tk._("Add an e-mail address to your account first: the team answers there.")]})
    request = ContactRequest(package_id=package.id, organization_id=package.owner_org, sender_id=sender.id,
                             message=data_dict["message"])
    model.Session.add(request)
    limits.record(sender.id, "contact", package.id)
    model.Session.flush()
    # Queued before the commit: when the queue is down the request is refused, not half-made.
    with mail.queued_or_refused():
        answered_by = collab.relay_contact_request(request, package, sender)
    model.Session.commit()
    return {**collab.contact_request_dict(request, for_owner=False), "answered_by": answered_by,
            "answered_by_text": collab.who_answers(answered_by, package)}


@tk.side_effect_free
@tk.validate(schema.contact_request_list)
def contact_request_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Your requests (``scope`` sent), or those to your bodies' projects (``scope`` received)."""
    tk.check_access("contact_request_list", context, data_dict)
    owner = data_dict["scope"] == "received"
    requests = _requests(required_user(context), data_dict["scope"], ContactRequest, ContactRequest.sender_id)
    return [collab.contact_request_dict(r, for_owner=owner) for r in requests]


def _requests(user: model.User, scope: str, table: Any, author_column: Any) -> list[Any]:
    """Requests the user sent, or those to projects of the bodies the user belongs to."""
    query = model.Session.query(table)
    if scope == "sent":
        query = query.filter(author_column == user.id)
    else:
        query = query.filter(table.organization_id.in_([g.id for g in user.get_groups("organization")] or [""]))
    return query.order_by(table.created.desc()).all()


def _contact_request(data_dict: DataDict) -> ContactRequest:
    request = model.Session.get(ContactRequest, data_dict.get("id") or "")
    if request is None:
        raise tk.ObjectNotFound(tk._("Request not found"))
    return request


@tk.validate(schema.contact_request_update)
def contact_request_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The owning body marks a request ``answered`` or ``closed``; the sender may close it."""
    tk.check_access("contact_request_update", context, data_dict)
    request = _contact_request(data_dict)
    request.status, request.updated = data_dict["status"], now()
    model.Session.commit()
    return collab.contact_request_dict(request, for_owner=collab.is_member_of(required_user(context), request.organization_id))


@tk.validate(schema.by_id)
def contact_request_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The sender deletes their request (message included)."""
    tk.check_access("contact_request_delete", context, data_dict)
    model.Session.delete(_contact_request(data_dict))
    model.Session.commit()
    return {"id": data_dict["id"], "deleted": True}


@tk.validate(schema.visit_request_create)
def visit_request_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Ask to visit a ``project``: ``purpose``, proposed ``dates``, number of ``visitors`` and
    your ``visiting_body`` (one you belong to). The owning body is told by e-mail."""
    tk.check_access("visit_request_create", context, data_dict)
    requester = required_user(context)
    package = collab.project(context, data_dict["project"])
    visiting = collab.local_body_of(requester, data_dict.get("visiting_body"))
    if visiting.id == package.owner_org:
        raise tk.ValidationError({"project": [tk._("This is your own body's project.")]})
    collab.check_not_abusive(requester, package, data_dict)
    visit = VisitRequest(package_id=package.id, organization_id=package.owner_org, requester_id=requester.id,
                         visiting_body_id=visiting.id, purpose=data_dict["purpose"], proposed_dates=data_dict["dates"],
                         visitors=data_dict["visitors"])
    model.Session.add(visit)
    limits.record(requester.id, "visit", package.id)
    model.Session.flush()
    targets, kind = collab.recipients(package)
    url = tk.url_for("digicanvis_requests.index", _external=True)

    def write() -> tuple[str, str]:
        return (mail.site_subject(tk._('{body} asks to visit "{project}"').format(body=visiting.title, project=package.title)),
                collab.editors_note(kind) + tk._(
                    "{body} would like to visit your project \"{project}\" with {n} people on {dates}.\n\n{purpose}\n\n"
                    "Accept, decline or propose other dates on the observatory: {url}").format(
                    body=visiting.title, project=package.title, n=visit.visitors,
                    dates=", ".join(formats.date(day) for day in visit.proposed_dates), purpose=visit.purpose,
                    url=url))
    with mail.queued_or_refused():
        mail.queue_letter(targets, write)
    model.Session.commit()
    return {**collab.visit_dict(visit), "answered_by": kind, "answered_by_text": collab.who_answers(kind, package)}


@tk.side_effect_free
@tk.validate(schema.contact_request_list)
def visit_request_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Your visit requests (``scope`` sent) or those to your bodies' projects (``received``)."""
    tk.check_access("visit_request_list", context, data_dict)
    visits = _requests(required_user(context), data_dict["scope"], VisitRequest, VisitRequest.requester_id)
    return [collab.visit_dict(visit) for visit in visits]


def _visit(visit_id: str) -> VisitRequest:
    visit = model.Session.get(VisitRequest, visit_id or "")
    if visit is None:
        raise tk.ObjectNotFound(tk._("Visit request not found"))
    return visit


@tk.validate(schema.visit_request_update)
def visit_request_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The host body answers: ``accepted`` (on ``date``, one of the proposed ones, needed when
    there is more than one), ``declined``, or ``other_dates`` (with ``dates``); ``message`` optional. The
    requester is told by e-mail."""
    tk.check_access("visit_request_update", context, data_dict)
    visit = _visit(data_dict["id"])
    status = data_dict["status"]
    if status == "accepted":
        day = _accepted_day(visit, data_dict.get("date"))
        visit.accepted_date = day
    elif status == "other_dates":
        if not data_dict.get("dates"):
            raise tk.ValidationError({"dates": [tk._("Propose one to five dates")]})
        visit.host_dates = data_dict["dates"]
    visit.status, visit.host_message, visit.updated = status, data_dict.get("message"), now()
    package = model.Session.get(model.Package, visit.package_id)
    url = tk.url_for("digicanvis_requests.index", _external=True)

    def write() -> tuple[str, str]:
        words = {"accepted": tk._("accepted"), "declined": tk._("declined"),
                 "other_dates": tk._("proposed other dates for")}
        return (mail.site_subject(tk._('Your visit to "{project}"').format(project=package.title)),
                tk._("The team of \"{project}\" has {what} your visit.\n\n{message}\n\nSee it on the observatory: {url}").format(
                    project=package.title, what=words[status], message=visit.host_message or "", url=url))
    with mail.queued_or_refused():
        collab.tell(visit.requester_id, write)
    model.Session.commit()
    return collab.visit_dict(visit)


def _accepted_day(visit: VisitRequest, wanted: str | None) -> datetime.date:
    options = list(dict.fromkeys(list(visit.proposed_dates) + list(visit.host_dates or [])))
    if not wanted:
        if len(options) == 1:
            return options[0]
        raise tk.ValidationError({"date": [tk._("Choose which of the proposed dates you accept")]})
    try:
        day = datetime.date.fromisoformat(wanted)
    except ValueError:
        day = None
    if day not in options:
        raise tk.ValidationError({"date": [tk._("Choose one of the proposed dates")]})
    return day


@tk.validate(schema.visit_report_create)
def visit_report_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """After an accepted visit, the visitor publishes a short report on the project file."""
    tk.check_access("visit_report_create", context, data_dict)
    visit = _visit(data_dict["visit_id"])
    if visit.status != "accepted" or visit.accepted_date is None or visit.accepted_date > datetime.date.today():
        raise tk.ValidationError({"visit_id": [tk._("A report can be written after an accepted visit has taken place.")]})
    if model.Session.query(VisitReport).filter_by(visit_id=visit.id).first():
        raise tk.ValidationError({"visit_id": [tk._("This visit already has a report.")]})
    report = VisitReport(visit_id=visit.id, package_id=visit.package_id, visiting_body_id=visit.visiting_body_id,
                         author_id=visit.requester_id, body=data_dict["body"])
    model.Session.add(report)
    model.Session.commit()
    return collab.report_dict(report)


@tk.side_effect_free
@tk.validate(schema.project_only)
def visit_report_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Public: the visit reports of a ``project`` and how many bodies have visited it."""
    tk.check_access("visit_report_list", context, data_dict)
    package = collab.project(context, data_dict["project"])
    reports = model.Session.query(VisitReport).filter_by(package_id=package.id).order_by(VisitReport.created.desc()).all()
    return {"visited_by": len({r.visiting_body_id for r in reports}), "reports": [collab.report_dict(r) for r in reports]}


@tk.validate(schema.collaboration_interest_create)
def collaboration_interest_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Your local body wants to ``replicate`` or ``collaborate`` on a ``project``; ``public``
    (default false) lists your body by name; once per body and kind."""
    tk.check_access("collaboration_interest_create", context, data_dict)
    user = required_user(context)
    package = collab.project(context, data_dict["project"])
    body = collab.local_body_of(user, data_dict.get("organization"))
    if body.id == package.owner_org:
        raise tk.ValidationError({"project": [tk._("This is your own body's project.")]})
    exists = model.Session.query(CollaborationInterest).filter_by(package_id=package.id, organization_id=body.id,
                                                                  kind=data_dict["kind"]).first()
    if exists:
        raise tk.ValidationError({"kind": [tk._("{body} has already said so.").format(body=body.title)]})
    model.Session.add(CollaborationInterest(package_id=package.id, organization_id=body.id, user_id=user.id,
                                            kind=data_dict["kind"], public=data_dict["public"]))
    model.Session.commit()
    return collab.interests_summary(package)


@tk.side_effect_free
@tk.validate(schema.project_only)
def collaboration_interest_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Public: per kind, how many bodies are interested and those that chose to be listed."""
    tk.check_access("collaboration_interest_list", context, data_dict)
    return collab.interests_summary(collab.project(context, data_dict["project"]))


@tk.validate(schema.contact_sender_block)
def contact_sender_block(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Editors stop an abusive ``user`` from sending requests, with a ``reason``."""
    tk.check_access("contact_sender_block", context, data_dict)
    target = model.User.get(data_dict["user"])
    if target is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    if model.Session.get(BlockedSender, target.id) is None:
        model.Session.add(BlockedSender(user_id=target.id, blocked_by=required_user(context).id, reason=data_dict["reason"]))
        model.Session.commit()
    return {"user": target.name, "blocked": True}


@tk.validate(schema.by_id)
def contact_sender_unblock(context: Context, data_dict: DataDict) -> dict[str, Any]:
    tk.check_access("contact_sender_unblock", context, data_dict)
    target = model.User.get(data_dict["id"])
    if target is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    blocked = model.Session.get(BlockedSender, target.id)
    if blocked is not None:
        model.Session.delete(blocked)
        model.Session.commit()
    return {"user": target.name, "blocked": False}
