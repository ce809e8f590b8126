#!/usr/bin/env bash
# The Makefile's entry points.
#   run   install, start every service, initialise the site, serve it in the foreground
#         with the production server (gunicorn); Ctrl-C stops everything this command started
#   dev   the same with CKAN's development server, which reloads on code/template changes
#   up    the same in the background; returns once the site answers
#   down  stop every service
#   test  install, start the services, migrate the test database, run pytest; stops what
#         it started and exits with pytest's code
#   reset ask, then stop everything and wipe var/
set -euo pipefail
HERE=$(dirname "$0")
source "$HERE/env.sh"

BACKING=(postgres redis solr)
HARVEST=(gather fetch scheduler)
start_services() { "$HERE/services.sh" start "$@"; }

# From here on, note each service this command starts (services.sh appends to
# $STARTED_FILE) and stop those when the command ends.
track_started() {
  export STARTED_FILE
  STARTED_FILE=$(mktemp)
  trap stop_started EXIT
  trap 'exit 130' INT TERM
}

stop_started() {
  # Stop even when the terminal or a pipe reading our output is gone.
  trap - EXIT INT TERM
  trap '' PIPE HUP
  set +e
  local started
  mapfile -t started <"$STARTED_FILE"
  # A site brought up meanwhile by `make up` keeps the services it now relies on.
  if [ "${KEEP_IF_SITE_UP:-}" = 1 ] && "$HERE/services.sh" running ckan; then
    started=()
  fi
  if [ ${#started[@]} -gt 0 ]; then
    say "Stopping what this command started: ${started[*]}"
    "$HERE/services.sh" stop "${started[@]}"
  fi
  rm -f "$STARTED_FILE"
}

# serve_foreground: the site as `make run` serves it (gunicorn) or, with DEV=1, CKAN's
# auto-reloading development server.
serve_foreground() {
  if [ "${DEV:-}" = 1 ]; then
    ckan_cli -c "$CKAN_INI" run -H "$CKAN_HOST" -p "$CKAN_PORT" --disable-debugger
  else
    CKAN_ACCESS_LOG=- web_server
  fi
}

cmd_run() {
  "$HERE/install.sh"
  track_started
  start_services "${BACKING[@]}"
  "$HERE/site.sh" init
  start_services mailsink worker daily "${HARVEST[@]}"
  if port_open "$CKAN_PORT"; then
    die "port $CKAN_PORT is busy (is 'make up' running? then use it, or 'make down')" "or choose another: make run CKAN_PORT=5001"
  fi
  say "Serving the observatory at $CKAN_SITE_URL  (Ctrl-C stops it)"
  # Not exec: the EXIT trap must run after the server ends to stop the services.
  serve_foreground || true
}

cmd_up() {
  local t0=$SECONDS
  "$HERE/install.sh"
  # On failure, leave nothing half-started behind; on success, leave it all running.
  track_started
  start_services "${BACKING[@]}"
  "$HERE/site.sh" init
  start_services mailsink worker daily ckan "${HARVEST[@]}"
  trap - EXIT INT TERM
  rm -f "$STARTED_FILE"
  say "The observatory answers at $CKAN_SITE_URL ($((SECONDS - t0)) s). 'make down' stops it."
}

cmd_test() {
  # One test run at a time: they share the test database and Solr core.
  mkdir -p "$RUN"
  exec 9>"$RUN/test.lock"
  flock -n 9 || { say "Another 'make test' is running; waiting for it"; flock 9; }
  "$HERE/install.sh"
  KEEP_IF_SITE_UP=1
  track_started
  # 9>&-: services outlive this run when a dev site shares them; they must not keep the lock.
  start_services "${BACKING[@]}" 9>&-
  "$HERE/site.sh" init-test
  say "Running the test suite against the real services"
  export CKAN_SQLALCHEMY_URL=$TEST_SQLALCHEMY_URL CKAN_SOLR_URL=$TEST_SOLR_URL CKAN_REDIS_URL=$TEST_REDIS_URL
  export CKAN_SMTP_SERVER=$TEST_SMTP_SERVER REDIS_CONSUMER_URL=$TEST_REDIS_CONSUMER_URL
  unset CKAN_SMTP_USER CKAN_SMTP_PASSWORD # the tests' sinks (tests/conftest.py) say whether they want a password
  unset CKAN_SITE_URL CKAN_INI
  local rc=0
  (cd "$ROOT" && "$VENV/bin/pytest" --ckan-ini=test.ini "$@") || rc=$?
  return $rc
}

cmd_reset() {
  local answer=
  if [ -t 0 ]; then
    read -r -p "This stops the services and deletes var/ (database, index, uploads, secrets). Continue? [y/N] " answer
  else
    answer=${YES:-}
  fi
  case "$answer" in
    y | Y | yes) ;;
    *) echo "Nothing deleted. (Without a terminal, run: make reset YES=y)"; return 0 ;;
  esac
  "$HERE/services.sh" stop
  rm -rf "$VAR"
  ok "var/ deleted; the next 'make run' starts from scratch"
}

command=${1:-}
shift || true
case "$command" in
  run) cmd_run ;;
  dev) DEV=1 cmd_run ;;
  up) cmd_up ;;
  down) "$HERE/services.sh" stop ;;
  status) "$HERE/services.sh" status ;;
  test) cmd_test "$@" ;;
  reset) cmd_reset ;;
  *) die "usage: stack.sh run|dev|up|down|status|test|reset" ;;
esac
