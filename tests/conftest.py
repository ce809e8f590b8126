"""Fixtures shared by the observatory's tests.

CKAN's own pytest plugin (``pytest --ckan-ini=test.ini``) provides ``app``, ``clean_db``,
``clean_index``, ``reset_redis``, ``migrate_db_for`` and the factories; the services are
the real ones started by ``make test``.
"""

from __future__ import annotations

import pytest

# Plugins whose tables come from their own Alembic migrations (`ckan db init` applies them).
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest", "pages", "digicanvis")


@pytest.fixture(autouse=True)
def site_plugins(with_plugins):
    """Every test runs with the plugins of test.ini, as the site does.

    CKAN's pytest plugin unloads all plugins before the tests run (ckan_setup.py).
    """


@pytest.fixture
def clean_db(reset_db, migrate_db_for, site_plugins):
    """CKAN's ``clean_db``, plus the plugin migrations that it does not run.

    ``reset_db`` rebuilds only CKAN's core tables, and pages render plugin tables
    (ckanext-pages' menu, harvest sources), so each plugin's migrations follow.
    """
    reset_db()
    for plugin in PLUGINS_WITH_MIGRATIONS:
        migrate_db_for(plugin)
    # What `ckan digicanvis forum-init` does when the site is set up (scripts/site.sh).
    from ckanext.digicanvis.logic.forum import ensure_default_categories

    ensure_default_categories()


@pytest.fixture
def smtp_sink(ckan_config):
    """A real SMTP server (aiosmtpd) at ``smtp.server`` (test.ini: 127.0.0.1:8025; `make test` takes SMTP_PORT), where
    CKAN's mailer sends, commands run by the ``cli`` fixture included; yields the list of
    received messages (``email.message.EmailMessage``)."""
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[email.message.EmailMessage] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 Message accepted"

    host, port = ckan_config["smtp.server"].split(":")
    inbox = Inbox()
    controller = Controller(inbox, hostname=host, port=int(port))
    controller.start()
    try:
        yield inbox.messages
    finally:
        controller.stop()


@pytest.fixture
def run_jobs():
    """Runs the jobs waiting in CKAN's Redis queue, in this process, as a worker would."""
    from ckan.lib import jobs

    jobs.get_queue().empty()

    def run() -> int:
        done = 0
        for job in jobs.get_queue().jobs:
            job.perform()
            job.delete()
            done += 1
        return done

    return run


@pytest.fixture
def mail_sink(ckan_config, tmp_path):
    """The mail sink of `make run` as tests see it: the same SMTP server
    (``ckanext.digicanvis.mail_sink``, a Maildir that takes mail only from who signs in with its
    password) at ``smtp.server``, with CKAN's mailer signing in as scripts/env.sh makes it, and
    whose Maildir is the site's ``ckanext.digicanvis.mail.sink_dir`` (sysadmins read it at
    /ckan-admin/mail). Yields the folder."""
    from ckanext.digicanvis import mail_sink as sink

    folder = tmp_path / "mail"
    host, port = ckan_config["smtp.server"].split(":")
    password = "sink-" + tmp_path.name
    controller = sink.controller(folder, int(port), password, host=host)
    controller.start()
    ckan_config.update({"ckanext.digicanvis.mail.sink_dir": str(folder), "smtp.user": sink.USER, "smtp.password": password})
    try:
        yield folder
    finally:
        controller.stop()
