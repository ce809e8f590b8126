# Shared settings of the observatory's service scripts (sourced, not run).
# Every port and path can be overridden from the environment.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
VAR=${VAR:-$ROOT/var}
CACHE=${CACHE:-$ROOT/.cache}
VENV=${VENV:-$ROOT/.venv}
PYTHON_BIN=${PYTHON_BIN:-python3.11}

CKAN_HOST=${CKAN_HOST:-127.0.0.1}
CKAN_PORT=${CKAN_PORT:-5000}
SOLR_PORT=${SOLR_PORT:-8983}
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6380}
# The SMTP sink the e-mail tests start (tests/conftest.py: smtp_sink).
SMTP_PORT=${SMTP_PORT:-8025}
# The local mail sink of `make run`/`make up` (services.sh: mailsink): every e-mail the site
# sends is kept in var/mail (a Maildir) and shown to sysadmins at /ckan-admin/mail.
MAILSINK_PORT=${MAILSINK_PORT:-8026}
MAIL_DIR=$VAR/mail

SOLR_VERSION=9.10.1
SOLR_LIB=$CACHE/solr-$SOLR_VERSION/lib
SOLR_HOME=$VAR/solr/home
SOLR_CORES="ckan ckan_test"
SOLR_HEAP=${SOLR_HEAP:-512m}

# Secrets of this machine, generated on the first run into var/secrets/ (a 0700 folder of
# 0600 files), never in git and never on a command line.
SECRETS=$VAR/secrets

# secret NAME: the secret's value, generated the first time it is asked for.
secret() {
  local file=$SECRETS/$1
  if [ ! -s "$file" ]; then
    mkdir -p "$VAR" # with the usual umask: the services' users pass through it
    (umask 077 && mkdir -p "$SECRETS" && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DATA=$VAR/postgres/data
PG_SOCKET=$VAR/postgres/run
PG_USER=ckan
PG_PASSWORD=${PG_PASSWORD:-$(secret postgres-password)}
# Redis runs jobs that are pickles: whoever can talk to it runs code as the worker.
REDIS_PASSWORD=${REDIS_PASSWORD:-$(secret redis-password)}
# The mail sink keeps what the site sends (confirmation links, people's messages).
MAILSINK_PASSWORD=${MAILSINK_PASSWORD:-$(secret mailsink-password)}

CKAN_INI=${CKAN_INI:-$VAR/ckan.ini}
TEST_INI=$ROOT/test.ini
LOG=$VAR/log
RUN=$VAR/run

# CKAN reads these and lets them win over the ini files (ckan/config/environment.py).
export CKAN_SITE_URL=${CKAN_SITE_URL:-http://$CKAN_HOST:$CKAN_PORT}
export CKAN_SQLALCHEMY_URL=${CKAN_SQLALCHEMY_URL:-postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/ckan}
export CKAN_SOLR_URL=${CKAN_SOLR_URL:-http://127.0.0.1:$SOLR_PORT/solr/ckan}
# A stalled Redis makes a call from the web site fail after a few seconds instead of hanging
# a web worker (CKAN_REDIS_URL carries socket timeouts). The long-running consumers block on
# Redis by design, for minutes (RQ's jobs worker) or for ever (ckanext-harvest's gather and
# fetch consumers, BLPOP without timeout): they get REDIS_CONSUMER_URL, with a connect timeout
# and keepalive but no read timeout (services.sh: worker; README "Production serving").
# Both carry the generated password.
REDIS_TIMEOUTS=${REDIS_TIMEOUTS:-socket_timeout=3&socket_connect_timeout=2}
export CKAN_REDIS_URL=${CKAN_REDIS_URL:-redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/0?$REDIS_TIMEOUTS}
REDIS_CONSUMER_OPTIONS="socket_connect_timeout=2&socket_keepalive=true"
REDIS_CONSUMER_URL=${REDIS_CONSUMER_URL:-redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/0?$REDIS_CONSUMER_OPTIONS}
# E-mail of the dev site goes to this machine's mail sink (services.sh: mailsink), signing in
# with its password, unless a real SMTP server is given (then its own CKAN_SMTP_USER/PASSWORD,
# if any, are used as they are).
if [ -z "${CKAN_SMTP_SERVER:-}" ]; then
  export CKAN_SMTP_SERVER=127.0.0.1:$MAILSINK_PORT CKAN_SMTP_USER=digicanvis CKAN_SMTP_PASSWORD=$MAILSINK_PASSWORD
fi
export CKAN_INI

# The test site: same services, its own database, core and Redis database.
TEST_SQLALCHEMY_URL=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/ckan_test
TEST_SOLR_URL=http://127.0.0.1:$SOLR_PORT/solr/ckan_test
TEST_REDIS_URL="redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/1?$REDIS_TIMEOUTS"
TEST_REDIS_CONSUMER_URL="redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/1?$REDIS_CONSUMER_OPTIONS"
TEST_SMTP_SERVER=127.0.0.1:$SMTP_PORT

if [ -t 1 ]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; OFF=$'\e[0m'; else BOLD= RED= GREEN= OFF=; fi

say() { printf '%s==>%s %s\n' "$BOLD" "$OFF" "$*"; }
ok() { printf '%s  ok%s %s\n' "$GREEN" "$OFF" "$*"; }

# die STEP WHAT-TO-DO: the one clear line a failed step ends with.
die() {
  printf '%sFAILED: %s.%s %s\n' "$RED" "$1" "$OFF" "${2:-}" >&2
  exit 1
}

# step NAME HINT -- CMD...: run CMD with its output in var/log/steps.log; on failure show
# the end of that output and one line naming the step and what to do.
step() {
  local name=$1 hint=$2 out
  shift 3
  mkdir -p "$LOG"
  out=$(mktemp)
  if ! "$@" >"$out" 2>&1; then
    { printf '\n### %s: %s (FAILED)\n' "$(date -Is)" "$name"; cat "$out"; } >>"$LOG/steps.log"
    tail -n 15 "$out" | sed 's/^/    /' >&2
    rm -f "$out"
    die "$name" "$hint (full output: var/log/steps.log)"
  fi
  { printf '\n### %s: %s\n' "$(date -Is)" "$name"; cat "$out"; } >>"$LOG/steps.log"
  rm -f "$out"
}

# step_live NAME HINT -- CMD...: like step, for long jobs whose progress bar the person
# should watch: the output goes straight to the terminal.
step_live() {
  local name=$1 hint=$2
  shift 3
  "$@" || die "$name" "$hint"
}

is_root() { [ "$(id -u)" = 0 ]; }

# as_root CMD...: run CMD as root, through sudo when needed.
as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------- the app user
# Started by root, the long-running processes (CKAN's web server and jobs worker, Redis,
# Solr) and CKAN's commands run as this unprivileged user, which scripts/install.sh creates;
# PostgreSQL runs as `postgres`. Started by anyone else, they run as that person.
APP_USER=${APP_USER:-digicanvis}
APP_HOME=$VAR/home

# as_app_user CMD...: run CMD as the app user when root (as is otherwise), with umask 027 so
# uploads and data are not readable by other local users. setpriv execs: in a background
# job (`as_app_user nohup CMD &`) $! is CMD's own pid.
as_app_user() {
  local drop=()
  if is_root; then
    drop=(setpriv --reuid="$APP_USER" --regid="$APP_USER" --init-groups --no-new-privs --inh-caps=-all
      env HOME="$APP_HOME")
  fi
  if [ "$BASHPID" != "$$" ]; then # a subshell already (background job, pipeline): replace it
    umask 027
    exec "${drop[@]}" "$@"
  fi
  (umask 027 && "${drop[@]}" "$@")
}

# app_owns PATH...: as root, give the app user what it writes (folders are created), and
# keep other local users out (the Solr index holds private projects, Redis the queued jobs).
app_owns() {
  is_root || return 0
  local path
  for path in "$@"; do
    [ -e "$path" ] || mkdir -p "$path"
    chown -R "$APP_USER:" "$path"
    chmod -R o-rwx "$path"
  done
}

# let_user_reach USER DIR: USER may enter every folder above DIR (chmod o+x where needed; a
# clone under /root is not reachable otherwise).
let_user_reach() {
  local user=$1 dir=$2
  while dir=$(dirname "$dir") && [ "$dir" != / ]; do
    if ! runuser -u "$user" -- test -x "$dir"; then
      say "Letting user $user pass through $dir (chmod o+x) to reach ${2#$ROOT/}"
      chmod o+x "$dir"
    fi
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive NAME: the process recorded in var/run/NAME.pid still runs.
pid_alive() {
  local file=$RUN/$1.pid
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

# wait_for WHAT SECONDS CMD...: poll CMD every 0.25 s until it succeeds.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local tries=$((seconds * 4))
  while ! "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.25
  done
}

ckan_cli() { as_app_user "$VENV/bin/ckan" "$@"; }

# ---------------------------------------------------------------- the web server
# web_server: serve the site with gunicorn (config/gunicorn.conf.py), as the app user;
# services.sh runs it in the background, `make run` in the foreground (`make dev`: CKAN's
# development server, through ckan_cli, also as the app user). It takes its secrets from the
# environment (the CKAN_* variables above; var/ckan.ini is the app user's alone), never on its
# command line, and writes its access log under var/log, a file app_owns gives the app user.
# tests/stack/test_local_services.py checks it.
web_server() {
  [ -x "$VENV/bin/gunicorn" ] || die "gunicorn not found in .venv" "run 'make install'"
  if [ -z "${CKAN_ACCESS_LOG:-}" ]; then
    touch "$LOG/access.log" && app_owns "$LOG/access.log"
  fi
  as_app_user env VAR="$VAR" CKAN_HOST="$CKAN_HOST" CKAN_PORT="$CKAN_PORT" \
    "$VENV/bin/gunicorn" --config "$ROOT/config/gunicorn.conf.py" "$@"
}
