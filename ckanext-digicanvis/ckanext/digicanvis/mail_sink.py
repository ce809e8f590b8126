"""The local mail sink of ``make run`` (scripts/services.sh: mailsink): a real SMTP server on
127.0.0.1 that keeps every message in a Maildir, read by sysadmins at /ckan-admin/mail
(logic/mail.py).

The sink holds what the site sends (confirmation links, contact messages), and any local user
can reach a port on 127.0.0.1: it accepts a message only from a client that signs in with the
machine's generated password (var/secrets/mailsink-password), which CKAN's mailer sends as
``smtp.user`` / ``smtp.password`` (scripts/env.sh). The password comes from the environment
(``DIGICANVIS_MAILSINK_PASSWORD``), never from the command line, which every local user can
read. AUTH travels without TLS: client and server are on the loopback interface.

    python -m ckanext.digicanvis.mail_sink MAILDIR PORT
"""

from __future__ import annotations

import hmac
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "digicanvis"
PASSWORD_VARIABLE = "DIGICANVIS_MAILSINK_PASSWORD"


class PasswordAuthenticator:
    """AUTH PLAIN/LOGIN with one user and password, compared in constant time."""

    def __init__(self, user: str, password: str) -> None:
        if not password:
            raise ValueError("the mail sink needs a password")
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and hmac.compare_digest(auth_data.login, self.user) and hmac.compare_digest(
                auth_data.password, self.password):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def maildir(folder: str | Path) -> Mailbox:
    """aiosmtpd's Maildir handler, with the three folders made (it makes only a missing
    Maildir, not the folders of an empty one)."""
    for part in ("tmp", "new", "cur"):
        Path(folder, part).mkdir(parents=True, exist_ok=True)
    return Mailbox(str(folder))


def controller(folder: str | Path, port: int, password: str, host: str = "127.0.0.1") -> Controller:
    return Controller(maildir(folder), hostname=host, port=port, authenticator=PasswordAuthenticator(USER, password),
                      auth_required=True, auth_require_tls=False)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    password = os.environ.pop(PASSWORD_VARIABLE, "")
    if not password:
        print(f"{PASSWORD_VARIABLE} is not set: the mail sink does not run open to every local user", file=sys.stderr)
        return 2
    sink = controller(argv[0], int(argv[1]), password)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    sink.start()
    print(f"mail sink: smtp://127.0.0.1:{argv[1]} -> {argv[0]} (AUTH required)", flush=True)
    stop.wait()
    sink.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
