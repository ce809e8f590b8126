"""Needs: a local body says what it wants to solve; the observatory points to the projects
that solved something like it, tells their bodies, and keeps what finally helped.

Suggestions come from Solr in two steps. MoreLikeThis reads the need's text against the
project files (description, barriers, benefits, technologies, area) and returns the terms
that best tell matching projects apart; a search for those terms then ranks the public
projects, its text score multiplied by three boosts: the same area, a body of similar size
(the asker's population band or a neighbouring one) and nearness to the asking body.
"""

from __future__ import annotations

import logging
from typing import Any

import pysolr
import requests

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.digicanvis.logic import forum, notify
from ckanext.digicanvis.logic.indexing import population_band
from ckanext.digicanvis.logic.proximity import EARTH_RADIUS_KM, similar_bands
from ckanext.digicanvis.logic.public_projects import public_filters
from ckanext.digicanvis.logic.similar import SIMILARITY_FIELDS
from ckanext.digicanvis.model.forum import ForumNotification, ForumPost, ForumTopic, now
from ckanext.digicanvis.model.needs import Need, NeedBodySetting, NeedSuggestion

log = logging.getLogger(__name__)
KIND = "need"
BUDGET_RANGES = ("lt10k", "10k-50k", "50k-150k", "150k-500k", "gt500k")
# Boosts (multiplied): a project in the need's area, of a body of the same or a
# neighbouring population band, and up to x2 for one next door (x1.5 at NEAR_KM).
AREA_BOOST = 3.0
SAME_BAND_BOOST = 1.5
NEIGHBOUR_BAND_BOOST = 1.25
NEAR_KM = 50
INTERESTING_TERMS = 25
# A project scoring under this share of the best match shares too little with the need.
MIN_RELATIVE_SCORE = 0.1
# What MoreLikeThis reads a need against: the project files' fields of similar projects, and
# every language's text (a need written in Catalan meets a project's Catalan version).
NEED_FIELDS = {**SIMILARITY_FIELDS, "text_ca": 1, "text_es": 1, "text_en": 1}
# Roles in a body that manage its projects: they are told when one is suggested.
TOLD_ROLES = ("admin", "editor")


def budget_labels() -> dict[str, str]:
    return {
        "lt10k": tk._("Under 10,000 EUR"), "10k-50k": tk._("10,000 to 50,000 EUR"),
        "50k-150k": tk._("50,000 to 150,000 EUR"), "150k-500k": tk._("150,000 to 500,000 EUR"),
        "gt500k": tk._("Over 500,000 EUR"),
    }


# ------------------------------------------------------------------ who


def bodies_of(user: model.User | None) -> list[model.Group]:
    if user is None:
        return []
    return sorted((group for group in user.get_groups("organization") if group.state == "active"), key=lambda g: g.title)


def asking_body(user: model.User, wanted: str) -> model.Group:
    body = model.Group.get(wanted) if wanted else None
    if body is None or body not in bodies_of(user):
        raise tk.ValidationError({"body": [tk._("Choose a local body you belong to.")]})
    return body


def manages(user: model.User | None, organization_id: str) -> bool:
    if user is None:
        return False
    return bool(user.sysadmin) or authz.users_role_for_group_or_org(organization_id, user.name) in TOLD_ROLES


def get_need(topic_id: str) -> tuple[Need, ForumTopic]:
    need = model.Session.get(Need, topic_id or "")
    if need is None:
        raise tk.ObjectNotFound(tk._("Need not found"))
    return need, forum.get_topic(need.topic_id)


def is_asker_or_editor(user: model.User | None, topic: ForumTopic) -> bool:
    return user is not None and (topic.author_id == user.id or forum.is_forum_editor(user))


# ------------------------------------------------------------------ suggestions (Solr)


def solr() -> Any:
    return make_connection(decode_dates=False)


def interesting_terms(text: str, filters: list[str]) -> list[tuple[str, float]]:
    """MoreLikeThis's pick of the need's words, as (field:term, boost), from the text posted
    to the /mlt handler as a content stream."""
    connection = solr()
    params = {
        "mlt.fl": ",".join(NEED_FIELDS),
        "mlt.qf": " ".join(f"{field}^{weight}" for field, weight in NEED_FIELDS.items()),
        "mlt.boost": "true", "mlt.interestingTerms": "details", "mlt.maxqt": INTERESTING_TERMS,
        "mlt.mintf": 1, "mlt.mindf": 1, "mlt.minwl": 3, "rows": 0, "fq": filters, "wt": "json", "json.nl": "arrarr",
    }
    response = connection.get_session().post(
        connection.url + "/mlt", params=params, data=text.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=connection.timeout, auth=connection.auth,
    )
    response.raise_for_status()
    return [(term, float(boost)) for term, boost in response.json().get("interestingTerms", [])]


def boost_function(area: str, body: model.Group) -> str:
    facts = body.extras or {}
    factors = [f"if(termfreq(area,{solr_literal(area)}),{AREA_BOOST},1)"]
    band = population_band(facts.get("population"))
    if band:
        neighbours = [other for other in similar_bands(band) if other != band]
        near_bands = ",".join(f"termfreq(population_band,{solr_literal(other)})" for other in neighbours)
        factors.append(f"if(termfreq(population_band,{solr_literal(band)}),{SAME_BAND_BOOST},"
                       f"if(or({near_bands}),{NEIGHBOUR_BAND_BOOST},1))" if neighbours else
                       f"if(termfreq(population_band,{solr_literal(band)}),{SAME_BAND_BOOST},1)")
    if facts.get("latitude") and facts.get("longitude"):
        distance = f"hsin({EARTH_RADIUS_KM},true,project_latitude,project_longitude,{float(facts['latitude'])},{float(facts['longitude'])})"
        factors.append(f"if(exists(project_latitude),sum(1,div({NEAR_KM},sum({NEAR_KM},{distance}))),1)")
    return f"product({','.join(factors)})" if len(factors) > 1 else factors[0]


def need_text(title: str, description: str, technologies: list[str]) -> str:
    """What MoreLikeThis reads (the area is a boost of its own, not words)."""
    return "\n".join([title, description, *technologies])


def suggest(text: str, area: str, body: model.Group, rows: int) -> list[tuple[str, float]]:
    """(package id, score) of the public projects that best match, best first; never the
    asking body's own projects."""
    filters = [*public_filters(), f"-owner_org:{solr_literal(body.id)}"]
    clauses = [f"{term.split(':', 1)[0]}:{solr_literal(term.split(':', 1)[1])}^{boost:.3f}"
               for term, boost in interesting_terms(text, filters) if ":" in term]
    response = solr().search(
        " ".join(clauses) or "*:*", defType="edismax", **{"q.op": "OR"}, mm="1",
        boost=boost_function(area, body), fq=filters, fl="id,score", rows=rows,
    )
    found = [(doc["id"], float(doc["score"])) for doc in response.docs]
    best = found[0][1] if found else 0.0
    return [(package_id, score) for package_id, score in found if score >= best * MIN_RELATIVE_SCORE]


def replace_suggestions(need: Need, topic: ForumTopic, found: list[tuple[str, float]]) -> list[NeedSuggestion]:
    """Keep pinned suggestions, replace the rest with ``found``; returns the new ones."""
    current = {row.package_id: row for row in model.Session.query(NeedSuggestion).filter_by(topic_id=need.topic_id)}
    for package_id, row in list(current.items()):
        if not row.pinned and package_id not in dict(found):
            model.Session.delete(row)
            del current[package_id]
    added = []
    for rank, (package_id, score) in enumerate(found, start=1):
        row = current.get(package_id)
        if row is None:
            row = NeedSuggestion(topic_id=need.topic_id, package_id=package_id, rank=rank, score=score, pinned=False)
            model.Session.add(row)
            added.append(row)
        else:
            row.rank, row.score = rank, score
    model.Session.flush()
    return added


def opening_text(topic: ForumTopic) -> str:
    post = forum.opening_post(topic)
    return post.body if post else ""


def refresh_suggestions(need: Need, topic: ForumTopic) -> list[NeedSuggestion]:
    rows = tk.config["ckanext.digicanvis.needs.suggestions"]
    body = model.Group.get(need.organization_id)
    text = need_text(topic.title, opening_text(topic), list(need.technologies or []))
    try:
        found = suggest(text, need.area, body, rows)
    except (requests.RequestException, pysolr.SolrError):
        # The need is posted all the same; "match again" can fill the suggestions later.
        log.exception("Suggestions for need %s failed", need.topic_id)
        return []
    return replace_suggestions(need, topic, found)


# ------------------------------------------------------------------ telling the bodies


def body_wants_notices(organization_id: str) -> bool:
    setting = model.Session.get(NeedBodySetting, organization_id)
    return setting is None or setting.notify_suggestions


def set_body_notices(organization_id: str, user: model.User, notify_suggestions: bool) -> None:
    setting = model.Session.get(NeedBodySetting, organization_id)
    if setting is None:
        model.Session.add(NeedBodySetting(organization_id=organization_id, notify_suggestions=notify_suggestions, updated_by=user.id))
    else:
        setting.notify_suggestions, setting.updated_by, setting.updated = notify_suggestions, user.id, now()


def may_read(user: model.User, topic: ForumTopic, package_id: str) -> bool:
    """The recipient (not the asker) may read both the need and the project."""
    context = {"user": user.name, "auth_user_obj": user}
    try:
        tk.check_access("forum_topic_show", context, {"id": topic.id})
        tk.check_access("package_show", context, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return forum.may_read_topic(context, topic)


def tell_bodies(topic: ForumTopic, suggestions: list[NeedSuggestion], sender: model.User) -> list[ForumNotification]:
    """In-site notices (and e-mails, as each person prefers) to the people who manage the
    suggested projects' bodies, unless the body opted out; one per person, within the hourly
    notification budget of whoever made the suggestions happen (``sender``)."""
    opening = forum.opening_post(topic)
    made: dict[str, ForumNotification] = {}
    for suggestion in suggestions:
        package = model.Session.get(model.Package, suggestion.package_id)
        if package is None or not package.owner_org or not body_wants_notices(package.owner_org):
            continue
        members = model.Session.query(model.User).join(model.Member, model.Member.table_id == model.User.id).filter(
            model.Member.group_id == package.owner_org, model.Member.table_name == "user",
            model.Member.state == "active", model.Member.capacity.in_(TOLD_ROLES), model.User.state == "active")
        for user in members:
            if user.id != topic.author_id and user.id not in made and may_read(user, topic, package.id):
                made[user.id] = ForumNotification(user_id=user.id, kind="suggestion", topic_id=topic.id,
                                                  post_id=opening.id, actor_id=topic.author_id)
        suggestion.notified_at = now()
    told = notify.within_budget(sender, list(made.values()))
    model.Session.add_all(told)
    model.Session.flush()
    return told


def commit_and_tell(topic: ForumTopic, suggestions: list[NeedSuggestion], sender: model.User,
                    notifications: list[ForumNotification] | None = None) -> None:
    """Tell the suggested projects' bodies, commit, then queue the e-mails (all of them)."""
    made = [*(notifications or []), *tell_bodies(topic, suggestions, sender)]
    model.Session.commit()
    notify.queue_immediate_emails(made)


# ------------------------------------------------------------------ reading


def readable_package(context: dict[str, Any], package_id: str) -> model.Package | None:
    try:
        return forum.readable_project(context, package_id)
    except tk.ValidationError:
        return None


def project_card(package: model.Package) -> dict[str, Any]:
    body = model.Group.get(package.owner_org) if package.owner_org else None
    return {"id": package.id, "name": package.name, "title": package.title,
            "area": (package.extras or {}).get("area"),
            "organization": {"name": body.name, "title": body.title} if body else None}


def suggestions_for(context: dict[str, Any], need: Need) -> list[dict[str, Any]]:
    rows = model.Session.query(NeedSuggestion).filter_by(topic_id=need.topic_id).order_by(
        NeedSuggestion.pinned.desc(), NeedSuggestion.rank)
    cards = []
    for row in rows:
        package = readable_package(context, row.package_id)
        if package is not None:
            cards.append({**project_card(package), "pinned": row.pinned, "score": row.score, "rank": row.rank})
    return cards


def helped_bodies(package_id: str) -> int:
    """How many local bodies marked a need solved with this project."""
    from sqlalchemy import func

    return model.Session.query(func.count(func.distinct(Need.organization_id))).filter(
        Need.solved_project_id == package_id, Need.solved_at.isnot(None)).scalar() or 0


def need_dict(context: dict[str, Any], need: Need, topic: ForumTopic, with_topic: bool = True) -> dict[str, Any]:
    body = model.Group.get(need.organization_id)
    solved_project = readable_package(context, need.solved_project_id) if need.solved_project_id else None
    data: dict[str, Any] = {
        "id": topic.id,
        "title": topic.title,
        "area": need.area,
        "body": {"id": body.id, "name": body.name, "title": body.title} if body else None,
        "technologies": list(need.technologies or []),
        "budget_range": need.budget_range,
        "created": need.created.isoformat(),
        "solved": need.solved_at is not None,
        "solved_at": need.solved_at.isoformat() if need.solved_at else None,
        "solved_project": project_card(solved_project) if solved_project else None,
        "solved_post_id": need.solved_post_id,
        "suggestions": suggestions_for(context, need),
    }
    if with_topic:
        data["topic"] = forum.topic_dict(context, topic)
    return data


def solving_post(topic: ForumTopic, post_id: str | None) -> ForumPost | None:
    if not post_id:
        return None
    post = model.Session.get(ForumPost, post_id)
    if post is None or post.topic_id != topic.id or post.state != "active" or forum.opening_post(topic).id == post.id:
        raise tk.ValidationError({"post_id": [tk._("Choose a reply in this need's conversation.")]})
    return post

