"""Outgoing e-mail, shared by every capability: queued as background jobs that RQ retries,
and, when every try has failed, kept in RQ's failed-job registry where sysadmins see them
(``/ckan-admin/mail``). The local mail sink of ``make run`` (a Maildir under var/) is read here
too, for the same page.

A slow or stalled service holds nothing up: a job gives up on a mail server that does not
answer after ``ckanext.digicanvis.mail.smtp_timeout`` seconds and RQ tries it again after the
next of ``ckanext.digicanvis.mail.retry_intervals`` (about a day in all), so the e-mail waits
in the queue. A stalled Redis makes :func:`enqueue` fail within the socket timeout of the web
site's Redis URL with :class:`QueueUnavailable`, which callers turn into a clear message (and
store nothing) or a later try.

Texts are written before queueing, inside the request (jobs have no request), in each
recipient's language: the one they chose in El meu espai (kept in their account's
``plugin_extras``), else the site's default; never the sender's or the request's.
"""

from __future__ import annotations

import datetime
import email.policy
import logging
import mailbox
import os
import smtplib
import socket
from email.header import decode_header, make_header
from contextlib import contextmanager, nullcontext
from typing import Any, Callable, Iterable, Iterator, Union

from flask_babel import force_locale
from redis.exceptions import RedisError
from rq import Retry
from rq.registry import FailedJobRegistry

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs, mailer

log = logging.getLogger(__name__)
TITLE_PREFIX = "e-mail: "
# What a failed send raises: CKAN's mailer wraps refusals, but a server that stops answering
# midway surfaces as smtplib's or the socket's own error.
SEND_ERRORS = (mailer.MailerException, smtplib.SMTPException, OSError)


class QueueUnavailable(Exception):
    """Redis did not take the job in time."""


def retry_policy() -> Retry:
    intervals = [int(seconds) for seconds in tk.config["ckanext.digicanvis.mail.retry_intervals"]]
    return Retry(max=len(intervals), interval=intervals)


def enqueue(job: Callable[..., Any], args: list[Any], what: str) -> None:
    """Queue a job that sends e-mail, with the retry policy; ``what`` titles it for sysadmins.
    Raises :class:`QueueUnavailable` when Redis does not answer in time."""
    try:
        tk.enqueue_job(job, args, title=TITLE_PREFIX + what, rq_kwargs={"retry": retry_policy()})
    except RedisError as error:
        log.warning("could not queue the e-mail %s: %s", what, error)
        raise QueueUnavailable(str(error)) from error


def queue_email(name: str, address: str, subject: str, body: str, reply_to: str | None = None) -> None:
    enqueue(deliver, [name, address, subject, body, reply_to], f"{subject[:80]} → {address}")


def deliver(name: str, address: str, subject: str, body: str, reply_to: str | None = None) -> None:
    """The job: one e-mail through CKAN's mailer; an error (the server refused, or did not
    answer within the SMTP timeout) makes RQ try again later.

    CKAN's mailer opens ``smtplib.SMTP`` without a timeout, so the default socket timeout is
    set around the send (jobs run in a process of their own: RQ forks one per job).
    """
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(tk.config["ckanext.digicanvis.mail.smtp_timeout"])
    try:
        mailer.mail_recipient(name, address, subject, body, headers={"Reply-To": reply_to} if reply_to else None)
    finally:
        socket.setdefaulttimeout(before)


@contextmanager
def queued_or_refused() -> Iterator[None]:
    """Around the e-mails a change cannot do without, queued before the change is committed:
    when Redis does not take them, the change is rolled back and refused with a clear
    message (nothing saved, nothing sent)."""
    try:
        yield
    except QueueUnavailable:
        model.Session.rollback()
        raise tk.ValidationError({"message": [tk._(
            "The observatory cannot send e-mails at this moment, so nothing was sent or saved. "
            "Please try again in a few minutes.")]}) from None


# ------------------------------------------------------------------ each recipient's language

EXTRAS_KEY = "digicanvis"
LANGUAGE_KEY = "language"


def offered_languages() -> list[str]:
    return tk.aslist(tk.config["ckan.locales_offered"]) or [tk.config["ckan.locale_default"]]


def chosen_language(user: model.User | None) -> str | None:
    """The language a person chose for the observatory's e-mails, if they chose one."""
    chosen = ((getattr(user, "plugin_extras", None) or {}).get(EXTRAS_KEY) or {}).get(LANGUAGE_KEY)
    return chosen if chosen in offered_languages() else None


def language_of(user: model.User | None) -> str:
    return chosen_language(user) or tk.config["ckan.locale_default"]


def language_for_address(address: str) -> str:
    """A contact address's language: its account's choice when an active account has it."""
    user = model.Session.query(model.User).filter(
        model.User.email == address, model.User.state == model.State.ACTIVE).first() if address else None
    return language_of(user)


def choose_language(user: model.User, language: Any) -> str:
    """Keep ``language`` as the person's e-mail language (committed); a language the site does
    not offer is refused with a clear message and changes nothing."""
    if not isinstance(language, str) or language not in offered_languages():
        raise tk.ValidationError({"language": [tk._("Choose one of the languages offered")]})
    extras = dict(user.plugin_extras or {})
    extras[EXTRAS_KEY] = {**(extras.get(EXTRAS_KEY) or {}), LANGUAGE_KEY: language}
    user.plugin_extras = extras
    model.Session.commit()
    return language


def in_language(language: str, write: Callable[[], Any]) -> Any:
    """``write()`` with ``language`` spoken. Outside a request (a command, a job) Flask-Babel
    would translate nothing, so CKAN's own stand-in request is used, as its ``url_for`` does."""
    from ckan.lib.helpers import _get_auto_flask_context

    with _get_auto_flask_context() or nullcontext(), force_locale(language):
        return write()


def in_site_language(write: Callable[[], Any]) -> Any:
    return in_language(tk.config["ckan.locale_default"], write)


def in_language_of(user: model.User | None, write: Callable[[], Any]) -> Any:
    return in_language(language_of(user), write)


class Letter:
    """One message written once per language it is sent in (``write`` returns subject and body)."""

    def __init__(self, write: Callable[[], tuple[str, str]]) -> None:
        self.write = write
        self.texts: dict[str, tuple[str, str]] = {}

    def text(self, language: str) -> tuple[str, str]:
        if language not in self.texts:
            self.texts[language] = in_language(language, self.write)
        return self.texts[language]

    def for_user(self, user: model.User | None) -> tuple[str, str]:
        return self.text(language_of(user))


Recipient = Union[model.User, "tuple[str, str]"]


def queue_letter(recipients: Iterable[Recipient], write: Callable[[], tuple[str, str]],
                 reply_to: str | None = None) -> int:
    """Queue one message to each recipient (an account, or a (name, address) pair) in their
    language; returns how many were queued."""
    letter = Letter(write)
    queued = 0
    for recipient in recipients:
        if isinstance(recipient, model.User):
            name, address, language = recipient.display_name, recipient.email, language_of(recipient)
        else:
            (name, address), language = recipient, language_for_address(recipient[1])
        if address:
            queue_email(name, address, *letter.text(language), reply_to=reply_to)
            queued += 1
    return queued


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
