"""Validation schemas of the observatory's actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def similar_projects(
    not_empty: Validator, unicode_safe: Validator, default: Validator, int_validator: Validator,
    digicanvis_rows_limit: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "rows": [default(5), int_validator, digicanvis_rows_limit],
    }


# The forum (logic/action/forum.py)


@validator_args
def forum_topic_create(
    not_empty: Validator, unicode_safe: Validator, default: Validator, one_of: Validator,
    ignore_missing: Validator, digicanvis_forum_title: Validator, digicanvis_forum_body: Validator,
    digicanvis_forum_names: Validator,
) -> Schema:
    return {
        "category": [not_empty, unicode_safe],
        "title": [not_empty, unicode_safe, digicanvis_forum_title],
        "body": [not_empty, unicode_safe, digicanvis_forum_body],
        "kind": [default("discussion"), one_of(["discussion", "question"])],
        # Checked by the action: CKAN's ValidationError expects errors under "tags" as
        # [{"name": [...]}] (dataset tags) and fails on plain messages.
        "tags": [ignore_missing],
        "projects": [ignore_missing, digicanvis_forum_names],
    }


@validator_args
def forum_topic_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def forum_topic_list(
    ignore_missing: Validator, unicode_safe: Validator, default: Validator, boolean_validator: Validator,
    int_validator: Validator, one_of: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
) -> Schema:
    return {
        "category": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, one_of(["discussion", "question"])],
        "unanswered": [default(False), boolean_validator],
        "tag": [ignore_missing, unicode_safe],
        "project": [ignore_missing, unicode_safe],
        "sort": [default("activity"), one_of(["activity", "created"])],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def forum_post_create(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator, digicanvis_forum_body: Validator,
) -> Schema:
    return {
        "topic_id": [ignore_missing, unicode_safe],
        "project": [ignore_missing, unicode_safe],
        "body": [not_empty, unicode_safe, digicanvis_forum_body],
        "parent_id": [ignore_missing, unicode_safe],
        "quote_id": [ignore_missing, unicode_safe],
    }


@validator_args
def forum_post_update(not_empty: Validator, unicode_safe: Validator, digicanvis_forum_body: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "body": [not_empty, unicode_safe, digicanvis_forum_body]}


@validator_args
def forum_post_flag(not_empty: Validator, unicode_safe: Validator, digicanvis_forum_reason: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "reason": [not_empty, unicode_safe, digicanvis_forum_reason]}


@validator_args
def forum_moderate(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator, one_of: Validator,
    digicanvis_forum_reason: Validator,
) -> Schema:
    return {
        "action": [not_empty, one_of(["hide", "restore", "lock", "unlock", "pin", "unpin", "move"])],
        "post_id": [ignore_missing, unicode_safe],
        "topic_id": [ignore_missing, unicode_safe],
        "category": [ignore_missing, unicode_safe],
        "reason": [not_empty, unicode_safe, digicanvis_forum_reason],
    }


@validator_args
def forum_follow(not_empty: Validator, unicode_safe: Validator, one_of: Validator) -> Schema:
    return {"object_type": [not_empty, one_of(["topic", "category", "project"])], "id": [not_empty, unicode_safe]}


@validator_args
def forum_search(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator, default: Validator,
    int_validator: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
) -> Schema:
    return {
        "q": [not_empty, unicode_safe],
        "category": [ignore_missing, unicode_safe],
        "tag": [ignore_missing, unicode_safe],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def forum_answer_accept(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"post_id": [not_empty, unicode_safe]}


@validator_args
def forum_preferences_update(not_empty: Validator, one_of: Validator) -> Schema:
    return {"email_mode": [not_empty, one_of(["immediate", "daily", "none"])]}


@validator_args
def forum_notification_list(default: Validator, boolean_validator: Validator, int_validator: Validator,
                            digicanvis_notification_rows: Validator) -> Schema:
    return {
        "unread_only": [default(False), boolean_validator],
        "rows": [default(100), int_validator, digicanvis_notification_rows],
    }


@validator_args
def forum_notification_mark_read(ignore_missing: Validator, digicanvis_forum_names: Validator) -> Schema:
    return {"ids": [ignore_missing, digicanvis_forum_names]}


@validator_args
def forum_category_create(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator, name_validator: Validator,
    int_validator: Validator, default: Validator, digicanvis_forum_title: Validator,
) -> Schema:
    return {
        "name": [not_empty, unicode_safe, name_validator],
        "title": [not_empty, unicode_safe, digicanvis_forum_title],
        "title_es": [ignore_missing, unicode_safe, digicanvis_forum_title],
        "title_en": [ignore_missing, unicode_safe, digicanvis_forum_title],
        "description": [ignore_missing, unicode_safe],
        "position": [default(100), int_validator],
    }


# Contact, visits, collaboration (logic/action/collaboration.py)


@validator_args
def contact_request_create(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator, digicanvis_message: Validator,
) -> Schema:
    return {
        "project": [not_empty, unicode_safe],
        "message": [not_empty, unicode_safe, digicanvis_message],
        "website": [ignore_missing, unicode_safe],  # the honeypot: people leave it empty
    }


@validator_args
def contact_request_list(default: Validator, one_of: Validator) -> Schema:
    return {"scope": [default("sent"), one_of(["sent", "received"])]}


@validator_args
def contact_request_update(not_empty: Validator, unicode_safe: Validator, one_of: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "status": [not_empty, one_of(["answered", "closed"])]}


@validator_args
def by_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def visit_request_create(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator, digicanvis_message: Validator,
    digicanvis_future_dates: Validator, digicanvis_visitors: Validator,
) -> Schema:
    return {
        "project": [not_empty, unicode_safe],
        "purpose": [not_empty, unicode_safe, digicanvis_message],
        "dates": [not_empty, digicanvis_future_dates],
        "visitors": [not_empty, digicanvis_visitors],
        "visiting_body": [ignore_missing, unicode_safe],  # empty: the user's first body
        "website": [ignore_missing, unicode_safe],
    }


@validator_args
def visit_request_update(
    not_empty: Validator, unicode_safe: Validator, ignore_empty: Validator, one_of: Validator,
    digicanvis_message: Validator, digicanvis_future_dates: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, one_of(["accepted", "declined", "other_dates"])],
        "message": [ignore_empty, unicode_safe, digicanvis_message],
        "date": [ignore_empty, unicode_safe],
        "dates": [ignore_empty, digicanvis_future_dates],
    }


@validator_args
def visit_report_create(not_empty: Validator, unicode_safe: Validator, digicanvis_message: Validator) -> Schema:
    return {"visit_id": [not_empty, unicode_safe], "body": [not_empty, unicode_safe, digicanvis_message]}


@validator_args
def collaboration_interest_create(
    not_empty: Validator, unicode_safe: Validator, one_of: Validator, default: Validator,
    boolean_validator: Validator, ignore_missing: Validator,
) -> Schema:
    return {
        "project": [not_empty, unicode_safe],
        "kind": [not_empty, one_of(["replicate", "collaborate"])],
        "public": [default(False), boolean_validator],  # a body is named only when it opts in
        "organization": [ignore_missing, unicode_safe],
    }


@validator_args
def project_only(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"project": [not_empty, unicode_safe]}


@validator_args
def contact_sender_block(not_empty: Validator, unicode_safe: Validator, digicanvis_forum_reason: Validator) -> Schema:
    return {"user": [not_empty, unicode_safe], "reason": [not_empty, unicode_safe, digicanvis_forum_reason]}
