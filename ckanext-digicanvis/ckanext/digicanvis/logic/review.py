"""The editorial workflow (plugin ``digicanvis_review``): a body's editors submit a project,
the observatory editors publish it or return it with a comment, and changes a body makes
to a published project are listed for the editors to look at.

The states and who sees each are in ``logic/publication.py``; here are the moves between
them (each one a ``package_patch`` marked as a transition, so CKAN indexes the new
visibility, keeps the change in the activity stream and tells every plugin), the review
history (``ReviewEvent``: who, when, what comment), the queue, and the notices to the body.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import mail, notices, pickers
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.publication import (
    DRAFT, FIELD, IN_REVIEW, PUBLISHED, RETURNED, TRANSITION, is_unfinished, state_of,
)
from ckanext.digicanvis.model.review import CHANGED, DECISIONS, SUBMITTED, ReviewEvent

# The permission label of projects the observatory editors may read besides public ones.
REVIEW_LABEL = "observatory-review"
EDITORS_SEE = (IN_REVIEW, RETURNED)
PUBLISH, RETURN = "publish", "return"
DECISION_EVENTS = {PUBLISH: PUBLISHED, RETURN: RETURNED}
# The queue's lists: what waits for the editors, and what they sent back.
QUEUES = (IN_REVIEW, CHANGED, RETURNED)


def editors_see(package: model.Package) -> bool:
    """Whether the observatory editors may read this project although it is not public."""
    return package.type == PROJECT_TYPE and package.state == "active" and state_of(package) in EDITORS_SEE


# ---------------------------------------------------------------- moves


def move(package: model.Package, user: model.User, to_state: str) -> dict[str, Any]:
    """Put the project in ``to_state`` as ``user`` (who has been authorised for this move)."""
    context = {"user": user.name, "auth_user_obj": user, "ignore_auth": True, TRANSITION: to_state}
    return tk.get_action("package_patch")(context, {"id": package.id, FIELD: to_state})


def record(package: model.Package, event: str, user: model.User, comment: str, from_state: str,
           to_state: str) -> ReviewEvent:
    row = ReviewEvent(package_id=package.id, event=event, user_id=user.id, comment=comment or "",
                      from_state=from_state, to_state=to_state)
    model.Session.add(row)
    model.Session.commit()
    return row


def _unfinished(package: model.Package) -> tk.ValidationError:
    return tk.ValidationError({"id": [tk._("The project's form is not finished yet: complete its last step first.")]})


def submit(package: model.Package, user: model.User, note: str = "") -> dict[str, Any]:
    current = state_of(package)
    if is_unfinished(package.state):
        raise _unfinished(package)
    if current == IN_REVIEW:
        raise tk.ValidationError({"id": [tk._("This project is already waiting for review.")]})
    if current == PUBLISHED:
        raise tk.ValidationError({"id": [tk._("This project is already published.")]})
    shown = move(package, user, IN_REVIEW)
    record(package, SUBMITTED, user, note, current, IN_REVIEW)
    return shown


def decide(package: model.Package, user: model.User, decision: str, comment: str) -> dict[str, Any]:
    """Publish or return; publishing an already published project accepts the change its body
    made since (it leaves the list of changes to look at)."""
    current = state_of(package)
    if is_unfinished(package.state):
        raise _unfinished(package)
    if current == DRAFT:
        raise tk.ValidationError({"id": [tk._("Its body has not submitted this project for review.")]})
    if decision == RETURN and current == RETURNED:
        raise tk.ValidationError({"decision": [tk._("This project has already been returned to its body.")]})
    if decision == PUBLISH and current == PUBLISHED and pending_change(package.id) is None:
        raise tk.ValidationError({"decision": [tk._("This project is already published.")]})
    to_state = PUBLISHED if decision == PUBLISH else RETURNED
    shown = move(package, user, to_state) if to_state != current else tk.get_action("package_show")(
        {"user": user.name, "auth_user_obj": user}, {"id": package.id})
    record(package, DECISION_EVENTS[decision], user, comment, current, to_state)
    if to_state != current:
        tell_body(package, DECISION_EVENTS[decision], user, comment)
    return shown


def note_body_change(package_id: str, user: model.User, sent_back: bool) -> None:
    """A body's edit of a published project: listed once until an editor looks at it (in the
    update's transaction)."""
    if pending_change(package_id) is not None:
        return
    model.Session.add(ReviewEvent(package_id=package_id, event=CHANGED, user_id=user.id, comment="",
                                  from_state=PUBLISHED, to_state=IN_REVIEW if sent_back else PUBLISHED))


def was_published(package_id: str) -> bool:
    """Whether a project now in review was published before the update being made: its last
    review event is a publication, or it has none (published before the workflow existed;
    every other way into review leaves an event)."""
    last = last_event(package_id)
    return last is None or last.event == PUBLISHED


def note_submitted(package_id: str, user: model.User) -> None:
    """A project created straight into review (a harvest source that wants review)."""
    model.Session.add(ReviewEvent(package_id=package_id, event=SUBMITTED, user_id=user.id, comment="",
                                  from_state=None, to_state=IN_REVIEW))


# ---------------------------------------------------------------- history and queue


def pending_change(package_id: str) -> ReviewEvent | None:
    """The body's change to a published project that no editor has looked at yet."""
    decided = model.Session.query(func.max(ReviewEvent.created)).filter(
        ReviewEvent.package_id == package_id, ReviewEvent.event.in_(DECISIONS)).scalar()
    query = model.Session.query(ReviewEvent).filter(ReviewEvent.package_id == package_id, ReviewEvent.event == CHANGED)
    if decided is not None:
        query = query.filter(ReviewEvent.created > decided)
    return query.order_by(ReviewEvent.created).first()


def event_dict(row: ReviewEvent) -> dict[str, Any]:
    return {"event": row.event, "from_state": row.from_state, "to_state": row.to_state, "user": notices.person(row.user_id),
            "comment": row.comment, "created": row.created.isoformat()}


def history(package_id: str) -> list[dict[str, Any]]:
    rows = model.Session.query(ReviewEvent).filter_by(package_id=package_id).order_by(ReviewEvent.created, ReviewEvent.id)
    return [event_dict(row) for row in rows]


def last_event(package_id: str, *events: str) -> ReviewEvent | None:
    query = model.Session.query(ReviewEvent).filter(ReviewEvent.package_id == package_id)
    if events:
        query = query.filter(ReviewEvent.event.in_(events))
    return query.order_by(ReviewEvent.created.desc(), ReviewEvent.id.desc()).first()


def _state_column() -> Any:
    return model.Package.extras[FIELD].astext


def _has_pending_change() -> Any:
    """SQL, about each project of a query: a change by its body no editor has looked at."""
    decision = aliased(ReviewEvent)
    decided = select(func.max(decision.created)).where(
        decision.package_id == model.Package.id, decision.event.in_(DECISIONS)).correlate(model.Package).scalar_subquery()
    return select(ReviewEvent.id).where(
        ReviewEvent.package_id == model.Package.id, ReviewEvent.event == CHANGED,
        or_(decided.is_(None), ReviewEvent.created > decided)).correlate(model.Package).exists()


def _in_queue(queue: str) -> Any:
    if queue == CHANGED:
        return and_(_state_column() == PUBLISHED, _has_pending_change())
    return _state_column() == queue


def queue_query(queue: str, organization: str | None = None, area: str | None = None, q: str | None = None) -> Any:
    query = model.Session.query(model.Package).filter(
        model.Package.type == PROJECT_TYPE, model.Package.state == "active",
        or_(*[_in_queue(name) for name in QUEUES]) if queue == "all" else _in_queue(queue))
    if organization:
        body = pickers.find_local_body(organization)
        if body is None:
            raise tk.ValidationError({"organization": [tk._('No local body is called "{name}".').format(name=organization)]})
        query = query.filter(model.Package.owner_org == body.id)
    if area:
        query = query.filter(model.Package.extras["area"].astext == area)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.filter(func.unaccent(model.Package.title).ilike(func.unaccent(pattern)))
    return query


def queue_counts() -> dict[str, int]:
    return {name: queue_query(name).count() for name in QUEUES}


def queue_item(package: model.Package) -> dict[str, Any]:
    body = notices.body_of(package)
    waiting = pending_change(package.id) if state_of(package) == PUBLISHED else last_event(package.id)
    last_review = last_event(package.id, *DECISIONS)
    return {
        "id": package.id,
        "name": package.name,
        "title": package.title,
        "organization": {"name": body.name, "title": body.title} if body else None,
        "area": (package.extras or {}).get("area"),
        "publication_state": state_of(package),
        "waiting_since": (waiting.created if waiting else package.metadata_modified).isoformat(),
        "metadata_modified": package.metadata_modified.isoformat(),
        "last_event": event_dict(waiting) if waiting else None,
        "last_review": event_dict(last_review) if last_review else None,
        "pending_change": event_dict(waiting) if waiting and waiting.event == CHANGED else None,
    }


def queue(queue: str, organization: str | None, area: str | None, q: str | None, page: int,
          rows: int) -> dict[str, Any]:
    query = queue_query(queue, organization, area, q)
    latest = select(func.max(ReviewEvent.created)).where(
        ReviewEvent.package_id == model.Package.id).correlate(model.Package).scalar_subquery()
    found = query.order_by(func.coalesce(latest, model.Package.metadata_modified), model.Package.name)
    return {
        "count": query.count(),
        "page": page,
        "rows": rows,
        "results": [queue_item(package) for package in found.offset((page - 1) * rows).limit(rows)],
    }


# ---------------------------------------------------------------- telling the body


def _email(package: model.Package, kind: str, actor: model.User, comment: str) -> Callable[[], tuple[str, str]]:
    def write() -> tuple[str, str]:
        title, url = package.title or package.name, notices.project_url(package)
        if kind == PUBLISHED:
            text = tk._('{who}, of the observatory\'s editors, published "{title}". It is now public:\n{url}').format(
                who=actor.display_name, title=title, url=url)
            if comment:
                text += "\n\n" + tk._("The editor's comment:") + "\n" + comment
        else:
            text = tk._('{who}, of the observatory\'s editors, returned "{title}" to your local body with these '
                        'comments:\n\n{comment}\n\nCorrect the project and submit it for review again:\n{url}').format(
                who=actor.display_name, title=title, comment=comment, url=url)
        body = notices.body_of(package)
        footer = tk._("You receive this because you document the projects of {body} in the observatory.").format(
            body=body.title if body else "")
        return mail.site_subject(notices.line(kind, title)), f"{text}\n\n-- \n{footer}\n"
    return write


def tell_body(package: model.Package, kind: str, actor: model.User, comment: str) -> list[model.User]:
    """In-site notices and e-mails to the body's editors about a decision on their project."""
    told = notices.body_recipients(package, actor)
    notices.add(told, package, kind, actor, comment)
    model.Session.commit()
    notices.email(told, _email(package, kind, actor, comment))
    return told
