"""Outgoing e-mail, shared by every capability: queued as background jobs that RQ retries,
and, when every try has failed, kept in RQ's failed-job registry where sysadmins see them
(``/ckan-admin/mail``). The local mail sink of ``make run`` (a Maildir under var/) is read here
too, for the same page.

Texts are written before queueing, inside the request, in the site's default language:
jobs have no request, and CKAN keeps no language per person.
"""

from __future__ import annotations

import email.policy
import mailbox
import datetime
import os
from email.header import decode_header, make_header
from typing import Any, Callable

from flask_babel import force_locale
from rq import Retry
from rq.registry import FailedJobRegistry

import ckan.plugins.toolkit as tk
from ckan.lib import jobs, mailer

TITLE_PREFIX = "e-mail: "


def retry_policy() -> Retry:
    intervals = [int(seconds) for seconds in tk.config["ckanext.digicanvis.mail.retry_intervals"]]
    return Retry(max=len(intervals), interval=intervals)


def enqueue(job: Callable[..., Any], args: list[Any], what: str) -> None:
    """Queue a job that sends e-mail, with the retry policy; ``what`` titles it for sysadmins."""
    tk.enqueue_job(job, args, title=TITLE_PREFIX + what, rq_kwargs={"retry": retry_policy()})


def queue_email(name: str, address: str, subject: str, body: str, reply_to: str | None = None) -> None:
    enqueue(deliver, [name, address, subject, body, reply_to], f"{subject[:80]} → {address}")


def deliver(name: str, address: str, subject: str, body: str, reply_to: str | None = None) -> None:
    """The job: one e-mail through CKAN's mailer (an error makes RQ try again later)."""
    mailer.mail_recipient(name, address, subject, body, headers={"Reply-To": reply_to} if reply_to else None)


def in_site_language(write: Callable[[], Any]) -> Any:
    with force_locale(tk.config["ckan.locale_default"]):
        return write()


def site_subject(text: str) -> str:
    return f"[{tk.config['ckan.site_title']}] {text}"


# ------------------------------------------------------------------ for sysadmins


def failed_emails(limit: int = 200) -> list[dict[str, Any]]:
    """E-mail jobs that failed every try, newest first: when, what, and the last error line."""
    queue = jobs.get_queue()
    registry = FailedJobRegistry(queue=queue)
    found = []
    for job in queue.job_class.fetch_many(registry.get_job_ids(), connection=queue.connection):
        if job is None or not str((job.meta or {}).get("title") or "").startswith(TITLE_PREFIX):
            continue
        error = (job.latest_result().exc_string if job.latest_result() else job.exc_info) or ""
        found.append({
            "id": job.id,
            "title": job.meta["title"][len(TITLE_PREFIX):],
            "enqueued": job.enqueued_at.isoformat() if job.enqueued_at else None,
            "failed": job.ended_at.isoformat() if job.ended_at else None,
            "tries": len(job.retry_intervals or []) + 1 - (job.retries_left or 0),
            "error": error.strip().splitlines()[-1] if error.strip() else "",
        })
    found.sort(key=lambda item: item["failed"] or "", reverse=True)
    return found[:limit]


def sink_dir() -> str:
    return tk.config.get("ckanext.digicanvis.mail.sink_dir") or ""


def _text(value: Any) -> str:
    return str(make_header(decode_header(value))) if value else ""


def sink_messages(limit: int = 100) -> list[dict[str, Any]]:
    """The messages the local mail sink kept (a Maildir), newest first."""
    folder = sink_dir()
    if not folder or not os.path.isdir(os.path.join(folder, "new")):
        return []
    box = mailbox.Maildir(folder, create=False)
    messages = []
    for key in box.keys():
        parsed = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        messages.append({
            "id": key,
            "received": box.get_message(key).get_date(),  # when the sink delivered it
            "from": _text(parsed["From"]),
            "to": _text(parsed["To"]),
            "subject": _text(parsed["Subject"]),
            "body": body.get_content() if body is not None else "",
        })
    messages.sort(key=lambda item: item["received"], reverse=True)
    for message in messages:
        message["received"] = datetime.datetime.fromtimestamp(message["received"]).isoformat(timespec="seconds")
    return messages[:limit]
