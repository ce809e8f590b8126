"""Local services are not open to every local user (issue 10, defect 10): Redis and
PostgreSQL need this machine's generated passwords, the admin password never travels on a
command line, and processes started by root run as the unprivileged app user."""

from __future__ import annotations

import os
import re
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
    for name in ("postgres-password", "redis-password"):
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
