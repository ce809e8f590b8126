"""Who sees a project at each step of its life: the publication state, in one place.

States (the project field ``publication_state``):

- ``draft``: only its body (and sysadmins) see it; its body's editors submit it;
- ``in_review``: submitted; the observatory editors see it in the review queue;
- ``published``: public;
- ``returned``: sent back by an editor with a comment; the body corrects and resubmits.

Everything that is not published is ``private``, so CKAN's permission labels keep it out of
search, facets, maps, downloads, similar projects, feeds, the catalogue's RDF and the
statistics for everyone who may not read it (the review plugin adds the label that lets the
observatory editors read what is in review or returned). CKAN's own ``state=draft`` (a form
not finished yet) is a draft too.

The state changes only through the workflow's actions (``project_submit_for_review``,
``project_review``), which mark their update with ``TRANSITION``; a package update may not
change it. A new project starts as a draft, unless the caller may publish (observatory
editors, sysadmins, the site's own loaders and harvesters through internal calls), who may
name its state and get ``published`` by default (``draft`` when they create it private).
A published project edited by its body stays published (the review plugin lists the change
for the editors), or goes back to review when ``ckanext.digicanvis.review.rereview_changes``.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic.people import is_observatory_editor, user_of

FIELD = "publication_state"
DRAFT, IN_REVIEW, PUBLISHED, RETURNED = "draft", "in_review", "published", "returned"
STATES = (DRAFT, IN_REVIEW, PUBLISHED, RETURNED)
# The context key the workflow's own updates carry: the state they move the project to.
TRANSITION = "digicanvis_publication_transition"


def state_of(project: Any) -> str:
    """A project's publication state, from a package dict or a ``model.Package``. Records made
    before the workflow existed have none: public and active ones count as published."""
    if isinstance(project, model.Package):
        stored, private, state = (project.extras or {}).get(FIELD), project.private, project.state
    else:
        stored, private, state = project.get(FIELD), project.get("private"), project.get("state")
    if stored in STATES:
        return stored
    return PUBLISHED if state == "active" and not tk.asbool(private) else DRAFT


def is_unfinished(ckan_state: str | None) -> bool:
    """CKAN's ``draft`` state: the form's steps are not all done yet."""
    return (ckan_state or "").startswith("draft")


def may_publish(context: Any) -> bool:
    """Internal calls (loaders, harvesters), sysadmins and the observatory editors."""
    return bool(context.get("ignore_auth")) or is_observatory_editor(user_of(context))


def rereview_changes() -> bool:
    return tk.asbool(tk.config.get("ckanext.digicanvis.review.rereview_changes"))


def _given(value: Any) -> str | None:
    return None if value in (None, "", tk.missing) else str(value)


def _updated(data: dict[Any, Any], context: Any) -> model.Package | None:
    """The stored project an update is changing (None: a create)."""
    stored = context.get("package")
    return stored if isinstance(stored, model.Package) and data.get(("id",)) == stored.id else None


def resolve(data: dict[Any, Any], context: Any) -> tuple[str, str | None]:
    """The state this create or update leaves the project in, and an error message if the
    caller asked for one it may not set."""
    given = _given(data.get((FIELD,)))
    stored = _updated(data, context)
    if stored is not None:
        current = state_of(stored)
        if context.get(TRANSITION):
            return context[TRANSITION], None
        if given is not None and given != current:
            return current, tk._("The publication state changes only by submitting the project for review "
                                 "(project_submit_for_review) or by the editors' review (project_review).")
        if current == PUBLISHED and rereview_changes() and not may_publish(context):
            return IN_REVIEW, None
        return current, None
    if given is not None:
        if given not in STATES:
            return DRAFT, tk._("Unknown publication state: {state}").format(state=given)
        if given != DRAFT and not may_publish(context):
            return DRAFT, tk._("A new project starts as a draft; submit it for review to have it published.")
        return given, None
    if is_unfinished(_given(data.get(("state",)))) or tk.asbool(_given(data.get(("private",))) or False):
        return DRAFT, None
    return (PUBLISHED if may_publish(context) else DRAFT), None


def digicanvis_publication_state(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Validator of the project's ``publication_state`` (see the module's rules)."""
    state, error = resolve(data, context)
    if error:
        errors[key].append(error)
    data[key] = state


def digicanvis_visibility(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Validator of the project's ``private`` field: public exactly when published and finished.
    (Fields are validated in name order, so ``private`` works the state out itself.)"""
    state, _error = resolve(data, context)
    ckan_state = _given(data.get(("state",)))
    stored = _updated(data, context)
    if ckan_state is None and stored is not None:
        ckan_state = stored.state
    data[key] = not (state == PUBLISHED and not is_unfinished(ckan_state))
