#!/usr/bin/env bash
# The Makefile's entry points.
#   run   install, start every service, initialise the site, serve it in the foreground;
#         Ctrl-C stops everything this command started
#   up    the same in the background; returns once the site answers
#   down  stop every service
#   test  install, start the services, migrate the test database, run pytest; stops what
#         it started and exits with pytest's code
#   reset ask, then stop everything and wipe var/
set -euo pipefail
HERE=$(dirname "$0")
source "$HERE/env.sh"

BACKING=(postgres redis solr)
STARTED_FILE=$(mktemp)
STARTED=()

start_services() {
  STARTED_FILE=$STARTED_FILE "$HERE/services.sh" start "$@"
  read -r -a now <"$STARTED_FILE" || true
  STARTED+=("${now[@]}")
}

stop_started() {
  trap - EXIT INT TERM
  if [ ${#STARTED[@]} -gt 0 ]; then
    say "Stopping what this command started: ${STARTED[*]}"
    "$HERE/services.sh" stop "${STARTED[@]}" || true
  fi
  rm -f "$STARTED_FILE"
}

cmd_run() {
  "$HERE/install.sh"
  trap stop_started EXIT
  trap 'exit 130' INT TERM
  start_services "${BACKING[@]}"
  "$HERE/site.sh" init
  start_services worker
  if port_open "$CKAN_PORT"; then
    die "port $CKAN_PORT is busy (is 'make up' running? then use it, or 'make down')" "or choose another: make run CKAN_PORT=5001"
  fi
  say "Serving the observatory at $CKAN_SITE_URL  (Ctrl-C stops it)"
  # Not exec: the EXIT trap must run after the server ends to stop the services.
  ckan_cli -c "$CKAN_INI" run -H "$CKAN_HOST" -p "$CKAN_PORT" || true
}

cmd_up() {
  local t0=$SECONDS
  "$HERE/install.sh"
  "$HERE/services.sh" start "${BACKING[@]}"
  "$HERE/site.sh" init
  "$HERE/services.sh" start worker ckan
  say "The observatory answers at $CKAN_SITE_URL ($((SECONDS - t0)) s). 'make down' stops it."
}

cmd_test() {
  "$HERE/install.sh"
  trap stop_started EXIT
  trap 'exit 130' INT TERM
  start_services "${BACKING[@]}"
  "$HERE/site.sh" init-test
  say "Running the test suite against the real services"
  export CKAN_SQLALCHEMY_URL=$TEST_SQLALCHEMY_URL CKAN_SOLR_URL=$TEST_SOLR_URL CKAN_REDIS_URL=$TEST_REDIS_URL
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
  up) cmd_up ;;
  down) "$HERE/services.sh" stop ;;
  status) "$HERE/services.sh" status ;;
  test) cmd_test "$@" ;;
  reset) cmd_reset ;;
  *) die "usage: stack.sh run|up|down|status|test|reset" ;;
esac
