"""E-mail leaves the site only from background jobs, through CKAN's mailer.

Shared by the forum and the team requests. A slow or stalled mail server must not hold up
anything: the job gives up connecting after ``ckanext.digicanvis.smtp_timeout`` seconds and
RQ tries it again later (``RETRY_AFTER``), so the e-mail waits in the queue. A stalled Redis
makes :func:`queue` fail within the socket timeout of ``ckan.redis.url`` with
:class:`QueueUnavailable`, which callers turn into a clear message or a later retry.
"""

from __future__ import annotations

import logging
import socket
from typing import Any, Callable

from redis.exceptions import RedisError
from rq import Retry

import ckan.plugins.toolkit as tk
from ckan.lib import mailer

log = logging.getLogger(__name__)
# Seconds between attempts while the mail server does not answer: about a day in all.
RETRY_AFTER = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600]


# What a failed send raises (no answer, refused, timed out).
MailError = mailer.MailerException


class QueueUnavailable(Exception):
    """Redis did not take the job in time."""


def queue(job: Callable[..., Any], args: list[Any], title: str) -> None:
    try:
        tk.enqueue_job(job, args, title=title, rq_kwargs={"retry": Retry(max=len(RETRY_AFTER), interval=RETRY_AFTER)})
    except RedisError as error:
        log.warning("could not queue %s: %s", title, error)
        raise QueueUnavailable(str(error)) from error


def send(name: str, address: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Inside a job: one e-mail, failing (so RQ retries) when the server is slow to answer.

    CKAN's mailer opens ``smtplib.SMTP`` without a timeout; the job runs in a process of its
    own (RQ forks one per job), so the default socket timeout is set for that process only.
    """
    socket.setdefaulttimeout(tk.config["ckanext.digicanvis.smtp_timeout"])
    mailer.mail_recipient(name, address, subject, body, headers=headers)


def unavailable_error() -> tk.ValidationError:
    return tk.ValidationError({"message": [tk._(
        "The observatory cannot send e-mails at this moment, so nothing was sent or saved. "
        "Please try again in a few minutes.")]})
