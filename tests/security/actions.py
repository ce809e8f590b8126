"""One row per action our plugins register: who may call it, and what its parameters are.

``test_authorisation_matrix.py`` calls every action as every role (world.ROLES) on the public
and on the private project and compares the HTTP status with the row; ``test_bad_input.py``
feeds each parameter wrong types, oversized and control-character text, unknown ids and
markup, and wants a 4xx with a message and nothing stored. A meta-test fails when an action
of ours has no row. How to add one: tests/security/README.md.

Statuses, one per role in this order:  anonymous outsider member editor admin forum_editor sysadmin
  200 done   403 refused   404 not found (hidden)   409 refused with a reason (validation,
  an unknown project: the answer a project one may not read gets)
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from ckanext.digicanvis.logic.validators import MAX_REVIEW_COMMENT

from tests.security.world import World

# Parameter kinds (test_bad_input.py knows how to get each one wrong) -------------------------


@dataclass(frozen=True)
class Text:
    """Free text up to ``longest`` characters (markup is fine: it is sanitised when shown)."""
    longest: int
    required: bool = True


@dataclass(frozen=True)
class Ref:
    """The id or name of something that must exist (a project, topic, post, request, user)."""
    required: bool = True


@dataclass(frozen=True)
class Choice:
    values: tuple[Any, ...]
    required: bool = True


@dataclass(frozen=True)
class Int:
    lowest: int
    highest: int
    required: bool = False


@dataclass(frozen=True)
class Bool:
    required: bool = False


@dataclass(frozen=True)
class Names:
    """A list of names or ids (tags, projects, notification ids)."""
    required: bool = False


@dataclass(frozen=True)
class Numbers:
    """A list of ids that are whole numbers (notices); one that names nothing is simply skipped."""
    required: bool = False


@dataclass(frozen=True)
class Dates:
    """One to five future dates, YYYY-MM-DD."""
    required: bool = True


@dataclass(frozen=True)
class Upload:
    """A file the call sends (multipart form): the value a row's ``make`` gives, not a kind."""
    filename: str
    content: bytes


Kind = Text | Ref | Choice | Int | Bool | Names | Numbers | Dates
Maker = Callable[[World, str, str], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    action: str
    make: Maker  # (world, scope, role) -> a valid data dict for that call
    public: str  # seven statuses, one per role
    private: str
    params: dict[str, Kind] = field(default_factory=dict)

    def expected(self, scope: str) -> list[int]:
        return [int(status) for status in getattr(self, scope).split()]


def future(days: int = 30) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


ALL = "200 200 200 200 200 200 200"
SIGNED_IN = "403 200 200 200 200 200 200"
BODY_READERS = "403 409 200 200 200 409 200"  # the private project's readers; others: an unknown project
EDITORS_ONLY = "403 403 403 403 403 200 200"
BODY_EDITORS = "403 403 403 200 200 403 200"  # the owning body's editors and admins
SYSADMINS_ONLY = "403 403 403 403 403 403 200"
ASKER_OR_EDITORS = "403 403 403 200 403 200 200"  # the need's asker (the body's editor) and forum editors
MESSAGE = Text(20000)
REASON = Text(500)
SPREADSHEET = Upload("projectes.csv", b"name,title\nxatbot-nou,Xatbot nou\n")
REVIEW_STATES = "403 403 403 200 200 200 200"  # a project in review or returned: its body's editors, the observatory editors
REQUEST = Text(5000)
AREAS = ("citizen_attention", "services_procedures", "social_services", "participation_open_government",
         "planning_management", "integral_transformation")

ROWS: list[Row] = [
    # Discovery
    Row("digicanvis_similar_projects", lambda w, s, r: {"id": w.project(s), "rows": 3},
        public=ALL, private="403 403 200 200 200 403 200",
        params={"id": Ref(), "rows": Int(1, 20)}),
    # Forum
    Row("forum_category_list", lambda w, s, r: {}, public=ALL, private=ALL),
    Row("forum_category_create", lambda w, s, r: {"name": unique("cat"), "title": "Categoria nova"},
        public=EDITORS_ONLY, private=EDITORS_ONLY,
        params={"name": Text(100), "title": Text(200), "title_es": Text(200, False), "title_en": Text(200, False),
                "description": Text(2000, False), "position": Int(-1000, 1000)}),
    Row("forum_topic_create",
        lambda w, s, r: {"category": "general", "title": "Una pregunta", "body": "Com ho feu?", "projects": [w.project(s)]},
        public=SIGNED_IN, private=BODY_READERS,
        params={"category": Ref(), "title": Text(200), "body": MESSAGE, "kind": Choice(("discussion", "question"), False),
                "tags": Names(), "projects": Names()}),
    Row("forum_topic_show", lambda w, s, r: {"id": w.discussions[s]},
        public=ALL, private="404 404 200 200 200 404 200",
        params={"id": Ref(), "page": Int(1, 10_000), "rows": Int(1, 200)}),
    Row("forum_topic_list", lambda w, s, r: {"project": w.project(s)},
        public=ALL, private="409 409 200 200 200 409 200",
        params={"project": Ref(False), "category": Ref(False), "tag": Text(40, False),
                "kind": Choice(("discussion", "question"), False), "unanswered": Bool(),
                "sort": Choice(("activity", "created"), False), "page": Int(1, 10_000), "rows": Int(1, 20)}),
    Row("forum_post_create", lambda w, s, r: {"project": w.project(s), "body": "Hi estem d'acord."},
        public=SIGNED_IN, private=BODY_READERS,
        params={"project": Ref(False), "topic_id": Ref(False), "body": MESSAGE, "parent_id": Ref(False),
                "quote_id": Ref(False)}),
    Row("forum_post_update", lambda w, s, r: {"id": w.fresh_post(s, "editor"), "body": "Text corregit."},
        public="403 403 403 200 403 200 200", private="403 403 403 200 403 404 200",
        params={"id": Ref(), "body": MESSAGE}),
    Row("forum_post_flag", lambda w, s, r: {"id": w.fresh_post(s), "reason": "Publicitat"},
        public=SIGNED_IN, private="403 404 200 200 200 404 200",
        params={"id": Ref(), "reason": REASON}),
    Row("forum_answer_accept", lambda w, s, r: {"post_id": w.answers[s]},
        public="403 403 403 200 403 200 200", private="403 403 403 200 403 200 200",
        params={"post_id": Ref()}),
    Row("forum_moderate", lambda w, s, r: {"action": "pin", "topic_id": w.discussions[s], "reason": "Important"},
        public=EDITORS_ONLY, private="403 403 403 403 403 404 200",
        params={"action": Choice(("hide", "restore", "lock", "unlock", "pin", "unpin", "move")), "topic_id": Ref(False),
                "reason": REASON}),  # post_id and category belong to other actions (hide, move)
    Row("forum_flag_list", lambda w, s, r: {}, public=EDITORS_ONLY, private=EDITORS_ONLY),
    Row("forum_moderation_log_list", lambda w, s, r: {}, public=EDITORS_ONLY, private=EDITORS_ONLY),
    Row("forum_follow", lambda w, s, r: {"object_type": "project", "id": w.project(s)},
        public=SIGNED_IN, private=BODY_READERS,
        params={"object_type": Choice(("topic", "category", "project")), "id": Ref()}),
    Row("forum_unfollow", lambda w, s, r: {"object_type": "project", "id": w.project(s)},
        public=SIGNED_IN, private=BODY_READERS,
        params={"object_type": Choice(("topic", "category", "project")), "id": Ref()}),
    Row("forum_search", lambda w, s, r: {"q": "xatbot"}, public=ALL, private=ALL,
        params={"q": Text(500), "category": Ref(False), "tag": Text(40, False), "page": Int(1, 10_000),
                "rows": Int(1, 20)}),
    Row("forum_notification_list", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN,
        params={"unread_only": Bool(), "page": Int(1, 10_000), "rows": Int(1, 20)}),
    Row("forum_notification_mark_read", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN,
        params={"ids": Names()}),
    Row("forum_preferences_show", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN),
    Row("forum_preferences_update", lambda w, s, r: {"email_mode": "daily"}, public=SIGNED_IN, private=SIGNED_IN,
        params={"email_mode": Choice(("immediate", "daily", "none"))}),
    # Working with a project's team
    Row("contact_request_create", lambda w, s, r: {"project": w.project(s), "message": "Podem parlar-ne?"},
        public=SIGNED_IN, private=BODY_READERS,
        params={"project": Ref(), "message": REQUEST, "website": Text(200, False)}),
    Row("contact_request_list", lambda w, s, r: {"scope": "sent"}, public=SIGNED_IN, private=SIGNED_IN,
        params={"scope": Choice(("sent", "received"), False)}),
    Row("contact_request_update", lambda w, s, r: {"id": w.fresh_contact_request(s), "status": "answered"},
        public=BODY_EDITORS, private=BODY_EDITORS,
        params={"id": Ref(), "status": Choice(("answered", "closed"))}),
    Row("contact_request_delete", lambda w, s, r: {"id": w.fresh_contact_request(s)},
        public="403 200 403 403 403 403 200", private="403 200 403 403 403 403 200",
        params={"id": Ref()}),
    Row("visit_request_create",
        lambda w, s, r: {"project": w.project(s), "purpose": "Conèixer el servei.", "dates": [future()], "visitors": 3},
        public="403 200 409 409 409 409 409", private="403 409 409 409 409 409 409",
        params={"project": Ref(), "purpose": REQUEST, "dates": Dates(), "visitors": Int(1, 100, True),
                "visiting_body": Ref(False), "website": Text(200, False)}),
    Row("visit_request_list", lambda w, s, r: {"scope": "sent"}, public=SIGNED_IN, private=SIGNED_IN,
        params={"scope": Choice(("sent", "received"), False)}),
    Row("visit_request_update", lambda w, s, r: {"id": w.fresh_visit(s), "status": "declined"},
        public=BODY_EDITORS, private=BODY_EDITORS,
        params={"id": Ref(), "status": Choice(("accepted", "declined", "other_dates")), "message": Text(5000, False)}),
    Row("visit_report_create", lambda w, s, r: {"visit_id": w.fresh_visit(s, accepted=True), "body": "Ens va ser molt útil."},
        public="403 200 403 403 403 403 200", private="403 200 403 403 403 403 200",
        params={"visit_id": Ref(), "body": REQUEST}),
    Row("visit_report_list", lambda w, s, r: {"project": w.project(s)},
        public=ALL, private="409 409 200 200 200 409 200", params={"project": Ref()}),
    Row("collaboration_interest_create", lambda w, s, r: {"project": w.project(s), "kind": "replicate"},
        public="403 200 409 409 409 409 409", private="403 409 409 409 409 409 409",
        params={"project": Ref(), "kind": Choice(("replicate", "collaborate")), "public": Bool(), "organization": Ref(False)}),
    Row("collaboration_interest_list", lambda w, s, r: {"project": w.project(s)},
        public=ALL, private="409 409 200 200 200 409 200", params={"project": Ref()}),
    Row("contact_sender_block", lambda w, s, r: {"user": w.fresh_user(), "reason": "Correu brossa"},
        public=EDITORS_ONLY, private=EDITORS_ONLY, params={"user": Ref(), "reason": REASON}),
    Row("contact_sender_unblock", lambda w, s, r: {"id": w.blocked_user()},
        public=EDITORS_ONLY, private=EDITORS_ONLY, params={"id": Ref()}),
    # Accounts and joining a body (issue 13). Over the API only sysadmins create accounts
    # (ckan.auth.create_user_via_api); people register through the form.
    Row("user_create", lambda w, s, r: {"name": unique("persona"), "email": f"{unique('p')}@example.cat",
                                         "password": "Correct-horse-42"},
        public=SYSADMINS_ONLY, private=SYSADMINS_ONLY,
        params={"name": Text(100), "email": Text(254), "fullname": Text(500, False)}),
    Row("user_update", lambda w, s, r: w.own_account(r), public=SIGNED_IN, private=SIGNED_IN,
        params={"email": Text(254), "fullname": Text(500, False)}),  # one's own account (a sysadmin: anyone's)
    Row("digicanvis_confirmation_resend", lambda w, s, r: {"email": "ningu@example.cat"}, public=ALL, private=ALL,
        params={"email": Text(254)}),
    Row("membership_request_create", lambda w, s, r: {"organization": w.fresh_body(), "message": "Hi treballo."},
        public=SIGNED_IN, private=SIGNED_IN, params={"organization": Ref(), "message": Text(5000, False)}),
    Row("membership_request_list", lambda w, s, r: {"scope": "to_decide"}, public=SIGNED_IN, private=SIGNED_IN,
        params={"scope": Choice(("mine", "to_decide"), False)}),
    Row("membership_request_decide", lambda w, s, r: {"id": w.fresh_membership_request(), "decision": "reject"},
        public="403 403 403 403 200 403 200", private="403 403 403 403 200 403 200",  # the body has an admin
        params={"id": Ref(), "decision": Choice(("approve", "reject")), "note": Text(5000, False)}),
    Row("membership_request_cancel", lambda w, s, r: {"id": w.fresh_membership_request(by="outsider")},
        public="403 200 403 403 403 403 200", private="403 200 403 403 403 403 200", params={"id": Ref()}),
    # The language of one's e-mails (issue 17): each person their own.
    Row("digicanvis_language_update", lambda w, s, r: {"language": "es"}, public=SIGNED_IN, private=SIGNED_IN,
        params={"language": Choice(("ca", "es", "en"))}),
    # Pickers and project drafts (issue 13)
    Row("digicanvis_autocomplete", lambda w, s, r: {"kind": "project", "q": "Xatbot"}, public=ALL, private=ALL,
        params={"kind": Choice(("local_body", "project", "user")), "q": Text(500, False), "limit": Int(1, 20)}),
    Row("project_draft_discard", lambda w, s, r: {"id": w.fresh_draft(s)}, public=BODY_EDITORS, private=BODY_EDITORS,
        params={"id": Ref()}),
    Row("forum_follow_list", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN),
    # The site's outgoing e-mail (issue 13)
    Row("digicanvis_mail_failures_list", lambda w, s, r: {}, public=SYSADMINS_ONLY, private=SYSADMINS_ONLY),
    Row("digicanvis_mail_sink_list", lambda w, s, r: {}, public=SYSADMINS_ONLY, private=SYSADMINS_ONLY),
    # Statistics (issue 16)
    Row("digicanvis_statistics", lambda w, s, r: {"area": "citizen_attention"}, public=ALL, private=ALL,
        params={"area": Choice(AREAS, False), "province": Choice(("Barcelona", "Girona", "Lleida", "Tarragona"), False),
                "comarca": Choice(("Gironès", "Pallars Jussà"), False)}),
    # Needs (issue 16): a need is a forum topic; its asker is the owning body's editor.
    Row("need_create", lambda w, s, r: {"body": w.body_of(r), "area": "citizen_attention", "title": "Cita prèvia",
                                         "description": "Com organitzeu la cita prèvia?"},
        public="403 200 200 200 200 403 409", private="403 200 200 200 200 403 409",  # a sysadmin belongs to no body
        params={"title": Text(200), "description": MESSAGE, "area": Choice(AREAS), "body": Ref(), "technologies": Names(),
                "budget_range": Choice(("lt10k", "10k-50k", "50k-150k", "150k-500k", "gt500k"), False)}),
    Row("need_show", lambda w, s, r: {"id": w.needs[s]}, public=ALL, private=ALL, params={"id": Ref()}),
    Row("need_list", lambda w, s, r: {"solved_with": w.project(s)}, public=ALL, private="409 409 200 200 200 409 200",
        params={"state": Choice(("all", "open", "solved"), False), "solved_with": Ref(False), "page": Int(1, 10_000),
                "rows": Int(1, 20)}),
    Row("need_suggestions_refresh", lambda w, s, r: {"id": w.needs[s]}, public=ASKER_OR_EDITORS, private=ASKER_OR_EDITORS,
        params={"id": Ref()}),
    Row("need_suggestion_pin", lambda w, s, r: {"id": w.needs[s], "project": w.project(s)},
        public=EDITORS_ONLY, private="403 403 403 403 403 409 409",  # only public projects are suggested
        params={"id": Ref(), "project": Ref(), "pinned": Bool()}),
    Row("need_solve", lambda w, s, r: {"id": w.needs[s], "project": w.project(s)},
        public=ASKER_OR_EDITORS, private="403 403 403 200 403 409 200",
        params={"id": Ref(), "project": Ref(False)}),
    Row("need_reopen", lambda w, s, r: {"id": w.needs[s]}, public=ASKER_OR_EDITORS, private=ASKER_OR_EDITORS,
        params={"id": Ref()}),
    Row("need_body_settings_show", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN),
    Row("need_body_settings_update", lambda w, s, r: {"body": w.body_of("admin"), "notify_suggestions": True},
        public=BODY_EDITORS, private=BODY_EDITORS, params={"body": Ref(), "notify_suggestions": Bool()}),
]

ROWS += [
    # The editorial review and fresh records (issue 16). The scopes: a published project and a
    # draft; the moves are tried on a fresh project in the state they start from.
    Row("project_submit_for_review", lambda w, s, r: {"id": w.fresh_project("returned" if s == "public" else "draft"),
                                                      "note": "Hem afegit el pressupost."},
        public=BODY_EDITORS, private=BODY_EDITORS, params={"id": Ref(), "note": Text(MAX_REVIEW_COMMENT, False)}),
    Row("project_review", lambda w, s, r: {"id": w.fresh_project("in_review"), "decision": "return",
                                           "comment": "Falta el pressupost."},
        public=EDITORS_ONLY, private=EDITORS_ONLY,
        params={"id": Ref(), "decision": Choice(("publish", "return")), "comment": Text(MAX_REVIEW_COMMENT, False)}),
    Row("project_review_list", lambda w, s, r: {"queue": "in_review"}, public=EDITORS_ONLY, private=EDITORS_ONLY,
        params={"queue": Choice(("in_review", "changed", "returned", "all"), False), "q": Text(500, False),
                "page": Int(1, 10_000), "rows": Int(1, 20)}),
    Row("project_review_history", lambda w, s, r: {"id": w.project(s)},
        public="403 403 200 200 200 200 200", private="403 404 200 200 200 404 200", params={"id": Ref()}),
    Row("project_notice_list", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN, params={"unread_only": Bool()}),
    Row("project_notice_mark_read", lambda w, s, r: {}, public=SIGNED_IN, private=SIGNED_IN, params={"ids": Numbers()}),
    Row("project_confirm", lambda w, s, r: {"id": w.project(s)}, public=BODY_EDITORS, private=BODY_EDITORS,
        params={"id": Ref()}),
    # Harvesting and spreadsheet imports (issue 11). A job's report follows ckanext-harvest's
    # harvest_job_show: whoever may update the source (its body's editors and admins).
    Row("digicanvis_harvest_job_report", lambda w, s, r: {"id": w.harvest_job},
        public=BODY_EDITORS, private=BODY_EDITORS, params={"id": Ref()}),
    Row("digicanvis_spreadsheet_import", lambda w, s, r: {"upload": SPREADSHEET, "dry_run": True},
        public=EDITORS_ONLY, private=EDITORS_ONLY, params={"dry_run": Bool(), "skip_invalid": Bool()}),
    Row("digicanvis_spreadsheet_import_show", lambda w, s, r: {"id": w.spreadsheet_import},
        public=EDITORS_ONLY, private=EDITORS_ONLY, params={"id": Ref()}),
    # CKAN's own, chained by the harvest plugin (a harvest source's address is checked when saved)
    Row("package_create", lambda w, s, r: w.new_project(s), public=BODY_EDITORS, private=BODY_EDITORS),
    Row("package_update", lambda w, s, r: w.project_update(s), public=BODY_EDITORS, private=BODY_EDITORS),
]

BY_ACTION = {row.action: row for row in ROWS}
