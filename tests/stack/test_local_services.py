"""Local services are not open to every local user (issue 10, defect 10): Redis, PostgreSQL
and the mail sink need this machine's generated passwords, the admin password never travels
on a command line, and processes started by root run as the unprivileged app user."""

from __future__ import annotations

import os
import re
import smtplib
import socket
import stat
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
import redis

import ckan.cli.cli
from ckan import model

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
SCRIPTS = ROOT / "scripts"
IS_ROOT = os.geteuid() == 0


def bash(script: str, **env: str) -> subprocess.CompletedProcess:
    """``script`` run by bash with scripts/env.sh sourced, as the scripts run it."""
    # Not STARTED_FILE: what a test starts and stops is no business of the `make test` around it.
    inherited = {name: value for name, value in os.environ.items() if name != "STARTED_FILE"}
    return subprocess.run(["bash", "-c", f"set -euo pipefail; source {SCRIPTS}/env.sh; {script}"],
                          capture_output=True, text=True, timeout=120, env={**inherited, **env})


def uid_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))


def app_uid() -> int:
    """Whom the scripts' processes should run as: the app user under root, else ourselves."""
    if not IS_ROOT:
        return os.geteuid()
    import pwd

    return pwd.getpwnam("digicanvis").pw_uid


def test_redis_refuses_a_client_without_the_password(ckan_config):
    url = urlsplit(ckan_config["ckan.redis.url"])
    assert url.password and len(url.password) >= 32

    with pytest.raises(redis.exceptions.AuthenticationError):
        redis.Redis(host=url.hostname, port=url.port, socket_timeout=5).ping()
    assert redis.Redis(host=url.hostname, port=url.port, password=url.password, socket_timeout=5).ping()


def test_postgresql_refuses_the_old_fixed_password(ckan_config):
    url = urlsplit(ckan_config["sqlalchemy.url"])
    assert url.password and url.password != "ckan" and len(url.password) >= 32

    for password in ("ckan", ""):
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(host=url.hostname, port=url.port, user="ckan", password=password, dbname="ckan_test",
                             connect_timeout=5)


def test_secrets_are_generated_into_var_readable_by_their_owner_only():
    folder = VAR / "secrets"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("postgres-password", "redis-password", "mailsink-password"):
        path = folder / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
        assert re.fullmatch(r"[0-9a-f]{48}", path.read_text()), name


def test_no_script_puts_a_password_on_a_command_line():
    """Every local user can read other processes' command lines (ps, /proc/PID/cmdline)."""
    for script in SCRIPTS.glob("*.sh"):
        text = script.read_text()
        assert not re.search(r"password=\"?\$|--requirepass|redis-cli[^\n]*-a ", text), script.name


def test_the_sysadmin_command_reads_the_password_from_stdin(cli):
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "create-sysadmin", "webmaster", "--email", "web@example.cat"],
                        input="una-contrasenya-llarga\n")
    assert result.exit_code == 0, result.output
    again = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "create-sysadmin", "webmaster", "--email", "web@example.cat"],
                       input="una-altra-contrasenya\n")
    assert again.exit_code == 0, again.output

    user = model.User.get("webmaster")
    assert user.sysadmin
    assert user.validate_password("una-contrasenya-llarga")  # the second run changed nothing


def test_as_app_user_runs_commands_as_the_app_user():
    found = bash("as_app_user id -u; as_app_user sh -c umask")

    assert found.returncode == 0, found.stderr
    uid, umask = found.stdout.split()
    assert int(uid) == app_uid()
    assert umask == "0027"


def test_redis_and_solr_started_by_the_scripts_run_as_the_app_user():
    for service in ("redis", "solr"):
        pid = int((VAR / "run" / f"{service}.pid").read_text())
        assert uid_of(pid) == app_uid(), service


def test_the_jobs_worker_started_by_the_scripts_runs_as_the_app_user(tmp_path, ckan_config):
    """The worker runs queued pickles: started by root it must not be root."""
    env = {"VAR": str(tmp_path), "CKAN_INI": str(ROOT / "test.ini"), "CKAN_SQLALCHEMY_URL": ckan_config["sqlalchemy.url"],
           "CKAN_REDIS_URL": ckan_config["ckan.redis.url"], "CKAN_SOLR_URL": ckan_config["solr_url"]}
    if IS_ROOT:
        os.chmod(tmp_path, 0o755)
    started = bash(f"{SCRIPTS}/services.sh start worker", **env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        pid = int((tmp_path / "run" / "worker.pid").read_text())
        time.sleep(1)
        assert uid_of(pid) == app_uid()
        assert "ckan" in Path(f"/proc/{pid}/cmdline").read_text() and "worker" in Path(f"/proc/{pid}/cmdline").read_text()
    finally:
        stopped = bash(f"{SCRIPTS}/services.sh stop worker", **env)
        assert stopped.returncode == 0, stopped.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def background_commands(script: Path) -> list[str]:
    """The commands a shell script starts in the background (``... &``), continuation lines joined."""
    commands = script.read_text().replace("\\\n", " ").splitlines()
    return [command.strip() for command in commands if command.rstrip().endswith("&") and not command.rstrip().endswith("&&")]


def test_every_service_the_scripts_start_in_the_background_runs_as_the_app_user():
    """Each background start in services.sh goes through as_app_user (or web_server, which
    does); PostgreSQL is started by pg_ctl as `postgres`."""
    starts = background_commands(SCRIPTS / "services.sh")
    assert len(starts) >= 5
    for command in starts:
        assert re.search(r"\b(as_app_user|web_server)\b", command), command


def test_the_web_server_runs_as_the_app_user_with_its_secrets_off_the_command_line(tmp_path):
    """web_server (gunicorn, issue 15) is started as the app user, and the database and Redis
    passwords reach it in the environment only: a stand-in for gunicorn reports who runs it
    and what it was given."""
    (tmp_path / "bin").mkdir()
    server = tmp_path / "bin" / "gunicorn"
    server.write_text('#!/bin/sh\nid -u\necho "$@"\necho "$CKAN_SQLALCHEMY_URL"\n')
    server.chmod(0o755)
    if IS_ROOT:
        os.chmod(tmp_path, 0o755)

    found = bash("web_server", VENV=str(tmp_path), CKAN_ACCESS_LOG="-")

    assert found.returncode == 0, found.stderr
    uid, arguments, database = found.stdout.splitlines()
    assert int(uid) == app_uid()
    assert arguments.startswith("--config ") and arguments.endswith("config/gunicorn.conf.py")
    password = (VAR / "secrets" / "postgres-password").read_text()
    assert password in database and password not in arguments


@pytest.fixture
def mail_sink_service(tmp_path):
    """The mail sink as services.sh starts it, on a free port with its own var/."""
    env = {"VAR": str(tmp_path / "var"), "MAILSINK_PORT": str(free_port())}
    if IS_ROOT:
        os.chmod(tmp_path, 0o755)
    started = bash(f"{SCRIPTS}/services.sh start mailsink", **env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield {"var": tmp_path / "var", "port": int(env["MAILSINK_PORT"]),
               "password": (tmp_path / "var" / "secrets" / "mailsink-password").read_text()}
    finally:
        stopped = bash(f"{SCRIPTS}/services.sh stop mailsink", **env)
        assert stopped.returncode == 0, stopped.stderr


def test_the_mail_sink_runs_as_the_app_user_and_keeps_its_mail_from_other_users(mail_sink_service):
    var = mail_sink_service["var"]
    pid = int((var / "run" / "mailsink.pid").read_text())

    assert uid_of(pid) == app_uid()
    assert mail_sink_service["password"] not in Path(f"/proc/{pid}/cmdline").read_text()
    assert stat.S_IMODE((var / "mail").stat().st_mode) & 0o007 == 0
    assert (var / "mail").stat().st_uid == app_uid()


def test_the_mail_sink_takes_mail_only_from_who_signs_in_with_its_password(mail_sink_service, ckan_config):
    from ckan.lib import mailer

    port, new = mail_sink_service["port"], mail_sink_service["var"] / "mail" / "new"
    message = "From: intrus@example.cat\r\nTo: admin@example.cat\r\nSubject: Urgent\r\n\r\nObriu aquest enllac.\r\n"
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as anyone:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            anyone.sendmail("intrus@example.cat", ["admin@example.cat"], message)
        assert refused.value.smtp_code == 530
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as guesser:
        with pytest.raises(smtplib.SMTPAuthenticationError):
            guesser.login("digicanvis", "ckan")
    assert list(new.iterdir()) == []

    # CKAN's mailer with the settings env.sh gives it (CKAN_SMTP_USER / CKAN_SMTP_PASSWORD).
    ckan_config.update({"smtp.server": f"127.0.0.1:{port}", "smtp.user": "digicanvis",
                        "smtp.password": mail_sink_service["password"]})
    mailer.mail_recipient("Admin", "admin@example.cat", "Prova", "Arriba.")

    delivered = [path.read_text() for path in new.iterdir()]
    assert len(delivered) == 1 and "Subject: Prova" in delivered[0]
