"""Validation schemas of the observatory's actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.digicanvis.logic.validators import POSTS_PER_PAGE


@validator_args
def similar_projects(
    not_empty: Validator, digicanvis_text: Validator, default: Validator, int_validator: Validator,
    digicanvis_rows_limit: Validator,
) -> Schema:
    return {
        "id": [not_empty, digicanvis_text],
        "rows": [default(5), int_validator, digicanvis_rows_limit],
    }


# The forum (logic/action/forum.py)


@validator_args
def forum_topic_create(
    not_empty: Validator, digicanvis_text: Validator, default: Validator, one_of: Validator,
    ignore_missing: Validator, digicanvis_forum_title: Validator, digicanvis_forum_body: Validator,
    digicanvis_forum_names: Validator,
) -> Schema:
    return {
        "category": [not_empty, digicanvis_text],
        "title": [not_empty, digicanvis_text, digicanvis_forum_title],
        "body": [not_empty, digicanvis_text, digicanvis_forum_body],
        "kind": [default("discussion"), one_of(["discussion", "question"])],
        # Checked by the action: CKAN's ValidationError expects errors under "tags" as
        # [{"name": [...]}] (dataset tags) and fails on plain messages.
        "tags": [ignore_missing],
        "projects": [ignore_missing, digicanvis_forum_names],
    }


@validator_args
def forum_topic_show(
    not_empty: Validator, digicanvis_text: Validator, ignore_missing: Validator, default: Validator,
    int_validator: Validator, digicanvis_page: Validator, digicanvis_posts_per_page: Validator,
) -> Schema:
    return {
        "id": [not_empty, digicanvis_text],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(POSTS_PER_PAGE), int_validator, digicanvis_posts_per_page],
        # The page holding this message (links to a message of a long topic).
        "post": [ignore_missing, digicanvis_text],
    }


@validator_args
def forum_topic_list(
    ignore_missing: Validator, digicanvis_text: Validator, default: Validator, digicanvis_bool: Validator,
    int_validator: Validator, one_of: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
    digicanvis_tag: Validator,
) -> Schema:
    return {
        "category": [ignore_missing, digicanvis_text],
        "kind": [ignore_missing, one_of(["discussion", "question", "need"])],
        "unanswered": [default(False), digicanvis_bool],
        "tag": [ignore_missing, digicanvis_text, digicanvis_tag],
        "project": [ignore_missing, digicanvis_text],
        "sort": [default("activity"), one_of(["activity", "created"])],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def forum_post_create(
    not_empty: Validator, ignore_missing: Validator, digicanvis_text: Validator, digicanvis_forum_body: Validator,
) -> Schema:
    return {
        "topic_id": [ignore_missing, digicanvis_text],
        "project": [ignore_missing, digicanvis_text],
        "body": [not_empty, digicanvis_text, digicanvis_forum_body],
        "parent_id": [ignore_missing, digicanvis_text],
        "quote_id": [ignore_missing, digicanvis_text],
    }


@validator_args
def forum_post_update(not_empty: Validator, digicanvis_text: Validator, digicanvis_forum_body: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text], "body": [not_empty, digicanvis_text, digicanvis_forum_body]}


@validator_args
def forum_post_flag(not_empty: Validator, digicanvis_text: Validator, digicanvis_forum_reason: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text], "reason": [not_empty, digicanvis_text, digicanvis_forum_reason]}


@validator_args
def forum_moderate(
    not_empty: Validator, ignore_missing: Validator, digicanvis_text: Validator, one_of: Validator,
    digicanvis_forum_reason: Validator,
) -> Schema:
    return {
        "action": [not_empty, one_of(["hide", "restore", "dismiss", "hide_topic", "restore_topic", "lock", "unlock",
                                       "pin", "unpin", "move"])],
        "post_id": [ignore_missing, digicanvis_text],
        "topic_id": [ignore_missing, digicanvis_text],
        "category": [ignore_missing, digicanvis_text],
        "reason": [not_empty, digicanvis_text, digicanvis_forum_reason],
    }


@validator_args
def forum_follow(not_empty: Validator, digicanvis_text: Validator, one_of: Validator) -> Schema:
    return {"object_type": [not_empty, one_of(["topic", "category", "project"])], "id": [not_empty, digicanvis_text]}


@validator_args
def forum_search(
    not_empty: Validator, ignore_missing: Validator, digicanvis_text: Validator, default: Validator,
    int_validator: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
    digicanvis_tag: Validator, digicanvis_query: Validator,
) -> Schema:
    return {
        "q": [not_empty, digicanvis_text, digicanvis_query],
        "category": [ignore_missing, digicanvis_text],
        "tag": [ignore_missing, digicanvis_text, digicanvis_tag],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def forum_answer_accept(not_empty: Validator, digicanvis_text: Validator) -> Schema:
    return {"post_id": [not_empty, digicanvis_text]}


@validator_args
def forum_preferences_update(not_empty: Validator, one_of: Validator) -> Schema:
    return {"email_mode": [not_empty, one_of(["immediate", "daily", "none"])]}


@validator_args
def forum_notification_mark_read(ignore_missing: Validator, digicanvis_forum_names: Validator) -> Schema:
    return {"ids": [ignore_missing, digicanvis_forum_names]}


@validator_args
def forum_category_create(
    not_empty: Validator, ignore_missing: Validator, digicanvis_text: Validator, name_validator: Validator,
    int_validator: Validator, default: Validator, digicanvis_forum_title: Validator, digicanvis_description: Validator,
    digicanvis_position: Validator,
) -> Schema:
    return {
        "name": [not_empty, digicanvis_text, name_validator],
        "title": [not_empty, digicanvis_text, digicanvis_forum_title],
        "title_es": [ignore_missing, digicanvis_text, digicanvis_forum_title],
        "title_en": [ignore_missing, digicanvis_text, digicanvis_forum_title],
        "description": [ignore_missing, digicanvis_text, digicanvis_description],
        "position": [default(100), int_validator, digicanvis_position],
    }


# Contact, visits, collaboration (logic/action/collaboration.py)


@validator_args
def contact_request_create(
    not_empty: Validator, digicanvis_text: Validator, ignore_missing: Validator, digicanvis_message: Validator,
) -> Schema:
    return {
        "project": [not_empty, digicanvis_text],
        "message": [not_empty, digicanvis_text, digicanvis_message],
        "website": [ignore_missing, digicanvis_text],  # the honeypot: people leave it empty
    }


@validator_args
def contact_request_list(default: Validator, one_of: Validator) -> Schema:
    return {"scope": [default("sent"), one_of(["sent", "received"])]}


@validator_args
def contact_request_update(not_empty: Validator, digicanvis_text: Validator, one_of: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text], "status": [not_empty, one_of(["answered", "closed"])]}


@validator_args
def by_id(not_empty: Validator, digicanvis_text: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text]}


@validator_args
def visit_request_create(
    not_empty: Validator, digicanvis_text: Validator, ignore_missing: Validator, digicanvis_message: Validator,
    digicanvis_future_dates: Validator, digicanvis_visitors: Validator,
) -> Schema:
    return {
        "project": [not_empty, digicanvis_text],
        "purpose": [not_empty, digicanvis_text, digicanvis_message],
        "dates": [not_empty, digicanvis_future_dates],
        "visitors": [not_empty, digicanvis_visitors],
        "visiting_body": [ignore_missing, digicanvis_text],  # empty: the user's first body
        "website": [ignore_missing, digicanvis_text],
    }


@validator_args
def visit_request_update(
    not_empty: Validator, digicanvis_text: Validator, ignore_empty: Validator, ignore_missing: Validator, one_of: Validator,
    digicanvis_message: Validator, digicanvis_future_dates: Validator,
) -> Schema:
    return {
        "id": [not_empty, digicanvis_text],
        "status": [not_empty, one_of(["accepted", "declined", "other_dates"])],
        # An empty message is fine; a number or a list is not a message.
        "message": [ignore_missing, digicanvis_text, ignore_empty, digicanvis_message],
        "date": [ignore_missing, digicanvis_text, ignore_empty],
        "dates": [ignore_empty, digicanvis_future_dates],
    }


@validator_args
def visit_report_create(not_empty: Validator, digicanvis_text: Validator, digicanvis_message: Validator) -> Schema:
    return {"visit_id": [not_empty, digicanvis_text], "body": [not_empty, digicanvis_text, digicanvis_message]}


@validator_args
def collaboration_interest_create(
    not_empty: Validator, digicanvis_text: Validator, one_of: Validator, default: Validator,
    digicanvis_bool: Validator, ignore_missing: Validator,
) -> Schema:
    return {
        "project": [not_empty, digicanvis_text],
        "kind": [not_empty, one_of(["replicate", "collaborate"])],
        "public": [default(False), digicanvis_bool],  # a body is named only when it opts in
        "organization": [ignore_missing, digicanvis_text],
    }


@validator_args
def project_only(not_empty: Validator, digicanvis_text: Validator) -> Schema:
    return {"project": [not_empty, digicanvis_text]}


@validator_args
def contact_sender_block(not_empty: Validator, digicanvis_text: Validator, digicanvis_forum_reason: Validator) -> Schema:
    return {"user": [not_empty, digicanvis_text], "reason": [not_empty, digicanvis_text, digicanvis_forum_reason]}


@validator_args
def forum_notification_list(
    default: Validator, digicanvis_bool: Validator, int_validator: Validator, digicanvis_page: Validator,
    digicanvis_rows_limit: Validator,
) -> Schema:
    return {
        "unread_only": [default(False), digicanvis_bool],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


# Accounts and joining a body (logic/action/accounts.py)


@validator_args
def confirmation_resend(not_empty: Validator, digicanvis_text: Validator, strip_value: Validator, email_validator: Validator) -> Schema:
    # not_empty again after the strip: spaces alone are no address.
    return {"email": [not_empty, digicanvis_text, strip_value, not_empty, email_validator]}


@validator_args
def membership_request_create(not_empty: Validator, ignore_missing: Validator, ignore_empty: Validator,
                              digicanvis_text: Validator, digicanvis_message: Validator) -> Schema:
    return {"organization": [not_empty, digicanvis_text],
            "message": [ignore_missing, digicanvis_text, ignore_empty, digicanvis_message]}


@validator_args
def membership_request_list(default: Validator, one_of: Validator) -> Schema:
    return {"scope": [default("mine"), one_of(["mine", "to_decide"])]}


@validator_args
def membership_request_decide(not_empty: Validator, digicanvis_text: Validator, one_of: Validator, ignore_missing: Validator,
                              ignore_empty: Validator, digicanvis_message: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text], "decision": [not_empty, one_of(["approve", "reject"])],
            "note": [ignore_missing, digicanvis_text, ignore_empty, digicanvis_message]}


# Pickers (logic/action/pickers.py)


@validator_args
def autocomplete(not_empty: Validator, digicanvis_text: Validator, one_of: Validator, default: Validator,
                 int_validator: Validator, digicanvis_rows_limit: Validator, digicanvis_query: Validator) -> Schema:
    return {"kind": [not_empty, one_of(["local_body", "project", "user"])], "q": [default(""), digicanvis_text, digicanvis_query],
            "limit": [default(10), int_validator, digicanvis_rows_limit]}


# Needs (logic/action/needs.py)


@validator_args
def need_create(
    not_empty: Validator, digicanvis_text: Validator, ignore_missing: Validator, ignore_empty: Validator,
    one_of: Validator, digicanvis_forum_title: Validator, digicanvis_forum_body: Validator,
    digicanvis_forum_names: Validator, digicanvis_need_technologies: Validator,
) -> Schema:
    from ckanext.digicanvis.logic.needs import BUDGET_RANGES

    return {
        "title": [not_empty, digicanvis_text, digicanvis_forum_title],
        "description": [not_empty, digicanvis_text, digicanvis_forum_body],
        "area": [not_empty, digicanvis_text],
        "body": [not_empty, digicanvis_text],
        "technologies": [ignore_missing, digicanvis_forum_names, digicanvis_need_technologies],
        "budget_range": [ignore_empty, one_of(list(BUDGET_RANGES))],
    }


@validator_args
def need_list(
    ignore_missing: Validator, digicanvis_text: Validator, default: Validator, int_validator: Validator,
    one_of: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
) -> Schema:
    return {
        "area": [ignore_missing, digicanvis_text],
        "body": [ignore_missing, digicanvis_text],
        "solved_with": [ignore_missing, digicanvis_text],
        "state": [default("all"), one_of(["all", "open", "solved"])],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def need_suggestion_pin(
    not_empty: Validator, digicanvis_text: Validator, default: Validator, digicanvis_bool: Validator,
) -> Schema:
    return {"id": [not_empty, digicanvis_text], "project": [not_empty, digicanvis_text], "pinned": [default(True), digicanvis_bool]}


@validator_args
def need_solve(not_empty: Validator, digicanvis_text: Validator, ignore_empty: Validator) -> Schema:
    return {"id": [not_empty, digicanvis_text], "project": [ignore_empty, digicanvis_text], "post_id": [ignore_empty, digicanvis_text]}


@validator_args
def need_body_settings_update(not_empty: Validator, digicanvis_text: Validator, default: Validator,
                              digicanvis_bool: Validator) -> Schema:
    return {"body": [not_empty, digicanvis_text], "notify_suggestions": [default(False), digicanvis_bool]}


# The editorial review (logic/action/review.py) and fresh records (logic/action/freshness.py)


@validator_args
def project_submit_for_review(
    not_empty: Validator, digicanvis_text: Validator, default: Validator, digicanvis_review_comment: Validator,
) -> Schema:
    return {"id": [not_empty, digicanvis_text], "note": [default(""), digicanvis_text, digicanvis_review_comment]}


@validator_args
def project_review(
    not_empty: Validator, digicanvis_text: Validator, default: Validator, one_of: Validator,
    digicanvis_review_comment: Validator,
) -> Schema:
    return {
        "id": [not_empty, digicanvis_text],
        "decision": [not_empty, one_of(["publish", "return"])],
        "comment": [default(""), digicanvis_text, digicanvis_review_comment],
    }


@validator_args
def project_review_list(
    ignore_missing: Validator, digicanvis_text: Validator, default: Validator, one_of: Validator,
    int_validator: Validator, digicanvis_rows_limit: Validator, digicanvis_page: Validator,
    digicanvis_query: Validator,
) -> Schema:
    return {
        "queue": [default("in_review"), one_of(["in_review", "changed", "returned", "all"])],
        "organization": [ignore_missing, digicanvis_text],
        "area": [ignore_missing, digicanvis_text],
        "q": [ignore_missing, digicanvis_text, digicanvis_query],
        "page": [default(1), int_validator, digicanvis_page],
        "rows": [default(20), int_validator, digicanvis_rows_limit],
    }


@validator_args
def project_notice_list(default: Validator, digicanvis_bool: Validator) -> Schema:
    return {"unread_only": [default(False), digicanvis_bool]}


@validator_args
def project_notice_mark_read(ignore_missing: Validator, digicanvis_notice_ids: Validator) -> Schema:
    return {"ids": [ignore_missing, digicanvis_notice_ids]}


@validator_args
def digicanvis_spreadsheet_import(ignore_missing: Validator, default: Validator, digicanvis_bool: Validator) -> Schema:
    return {"upload": [ignore_missing], "dry_run": [default(False), digicanvis_bool],
            "skip_invalid": [default(False), digicanvis_bool]}
