#!/usr/bin/env bash
# Start, stop and report the observatory's services, all local, data under var/:
#   postgres  PostgreSQL cluster  (Debian binaries, var/postgres)
#   redis     Redis               (Debian binary, var/redis)
#   solr      Solr 9 via JettySolrRunner (Maven jars in .cache/, home in var/solr)
#   ckan      the CKAN web site   (gunicorn, config/gunicorn.conf.py; `make dev` uses ckan run)
#   worker    CKAN's background jobs worker (ckan jobs worker)
#   daily     the daily jobs: freshness reminders, forum digest (ckan digicanvis daily-jobs --loop)
#   mailsink  local SMTP server keeping every message in var/mail (aiosmtpd's Maildir handler)
#   gather    ckanext-harvest's gather consumer  (ckan digicanvis harvest-consumer gather)
#   fetch     ckanext-harvest's fetch consumer   (ckan digicanvis harvest-consumer fetch)
#   scheduler `ckan harvester run` every minute, what cron does in production
#             (ckan digicanvis harvest-scheduler)
#
# Started by root, PostgreSQL runs as `postgres` and everything else as the app user
# (env.sh: as_app_user); Redis and PostgreSQL require the passwords in var/secrets/.
#
# usage: services.sh start|stop|status [SERVICE ...]   (default: all, in dependency order)
#        services.sh reload ckan                       (graceful restart: new code, no request lost)
#        services.sh running SERVICE                   (exit 0 when it runs)
# `start` appends each service it started itself to $STARTED_FILE (when set), so callers
# can stop exactly those.
set -euo pipefail
source "$(dirname "$0")/env.sh"

ALL_SERVICES=(postgres redis solr mailsink ckan worker daily gather fetch scheduler)

# ---------------------------------------------------------------- PostgreSQL
pg_owner() { if is_root; then echo postgres; else id -un; fi; }
as_pg_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}
psql_super() {
  as_pg_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U "$(pg_owner)" -d postgres "$@"
}

postgres_running() { [ -f "$PG_DATA/PG_VERSION" ] && as_pg_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }
postgres_url() { echo "postgresql://$PG_USER@127.0.0.1:$PG_PORT/ckan"; }

postgres_init_cluster() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "PostgreSQL binaries not found" "run 'make install' (Debian package postgresql)"
  mkdir -p "$VAR/postgres" "$PG_SOCKET"
  if is_root; then
    chown -R postgres: "$VAR/postgres"
    runuser -u postgres -- test -w "$VAR/postgres" || let_user_reach postgres "$VAR/postgres"
    runuser -u postgres -- test -w "$VAR/postgres" ||
      die "user postgres cannot write $VAR/postgres" "clone the project into a folder other users may enter"
  fi
  [ -f "$PG_DATA/PG_VERSION" ] && return
  say "Creating the PostgreSQL cluster in var/postgres"
  step "initdb" "see var/log/steps.log" -- \
    as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U "$(pg_owner)" -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256
}

postgres_start() {
  postgres_init_cluster
  step "PostgreSQL start on port $PG_PORT" "see var/postgres/postgres.log" -- \
    as_pg_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_DATA" -l "$VAR/postgres/postgres.log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_SOCKET"
  postgres_bootstrap
}

# The ckan role with this machine's password (set at every start, so a cluster made with an
# older password follows; through stdin, never on a command line), and the site and test
# databases, created once.
postgres_bootstrap() {
  local db
  if [ -z "$(psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" ]; then
    psql_super -c "CREATE ROLE $PG_USER LOGIN"
  fi
  psql_super <<<"ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
  for db in ckan ckan_test; do
    if [ -z "$(psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_super -c "CREATE DATABASE $db OWNER $PG_USER ENCODING 'UTF8' TEMPLATE template0"
    fi
  done
}

postgres_stop() { as_pg_owner "$PG_BIN/pg_ctl" stop -w -m fast -D "$PG_DATA" >/dev/null; }
postgres_port() { echo "$PG_PORT"; }

# ---------------------------------------------------------------- Redis
redis_running() { pid_alive redis; }
redis_url() { echo "redis://127.0.0.1:$REDIS_PORT (password in var/secrets/redis-password)"; }
redis_port() { echo "$REDIS_PORT"; }
redis_cli() { REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p "$REDIS_PORT" "$@"; }
redis_answers() { [ "$(redis_cli ping 2>/dev/null)" = PONG ]; }

# The password lives in a config file only the app user reads, not on the command line.
redis_config() {
  (umask 077 && cat >"$VAR/redis/redis.conf" <<CONF
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
requirepass $REDIS_PASSWORD
dir $VAR/redis
daemonize no
logfile ""
CONF
  )
}

redis_start() {
  command -v redis-server >/dev/null || die "redis-server not found" "run 'make install' (Debian package redis-server)"
  mkdir -p "$VAR/redis"
  redis_config
  app_owns "$VAR/redis"
  as_app_user nohup redis-server "$VAR/redis/redis.conf" >>"$LOG/redis.log" 2>&1 </dev/null &
  echo $! >"$RUN/redis.pid"
  wait_for redis 20 redis_answers || die "Redis did not answer on port $REDIS_PORT" "see var/log/redis.log"
}

redis_stop() { redis_cli shutdown >/dev/null 2>&1 || true; stop_pid redis; }

# ---------------------------------------------------------------- Solr
solr_running() { pid_alive solr; }
solr_url() { echo "http://127.0.0.1:$SOLR_PORT/solr (cores: $SOLR_CORES)"; }
solr_port() { echo "$SOLR_PORT"; }
solr_ping() { curl -sf "http://127.0.0.1:$SOLR_PORT/solr/$1/admin/ping"; }

solr_compile_launcher() {
  local classes=$CACHE/solr-launcher
  if [ ! -f "$classes/SolrLauncher.class" ] || [ "$ROOT/scripts/SolrLauncher.java" -nt "$classes/SolrLauncher.class" ]; then
    mkdir -p "$classes"
    step "compile SolrLauncher" "is a JDK installed (javac)? apt-get install openjdk-17-jdk-headless" -- \
      javac -d "$classes" -cp "$SOLR_LIB/*" "$ROOT/scripts/SolrLauncher.java"
  fi
}

solr_start() {
  [ -f "$SOLR_LIB/solr-core-$SOLR_VERSION.jar" ] || die "Solr jars missing in .cache/" "run 'make install'"
  command -v java >/dev/null || die "Java not found" "install Java 17: apt-get install openjdk-17-jre-headless"
  step "Solr home" "see var/log/steps.log" -- env SOLR_LIB="$SOLR_LIB" "$VENV/bin/python" "$ROOT/scripts/solr_home.py" "$SOLR_HOME" $SOLR_CORES
  solr_compile_launcher
  app_owns "$VAR/solr"
  local started=$SECONDS core
  as_app_user nohup java -Xmx"$SOLR_HEAP" -XX:+UseSerialGC \
    -Dsolr.solr.home="$SOLR_HOME" -Dsolr.install.dir="$SOLR_HOME" -Dsolr.log.dir="$LOG" \
    -Dsolr.allowPaths="$SOLR_HOME" -Dlog4j2.configurationFile="$ROOT/config/solr/log4j2.xml" \
    -cp "$CACHE/solr-launcher:$SOLR_LIB/*" SolrLauncher "$SOLR_HOME" "$SOLR_PORT" \
    >"$LOG/solr.log" 2>&1 </dev/null &
  echo $! >"$RUN/solr.pid"
  for core in $SOLR_CORES; do
    if ! wait_for solr 120 solr_ping "$core"; then
      tail -n 20 "$LOG/solr.log" | sed 's/^/    /' >&2
      die "Solr core $core did not answer on port $SOLR_PORT" "see var/log/solr.log"
    fi
  done
  echo $((SECONDS - started)) >"$RUN/solr.start-seconds"
}

solr_stop() { stop_pid solr; }

# ---------------------------------------------------------------- CKAN web and worker
ckan_running() { pid_alive ckan; }
ckan_url() { echo "$CKAN_SITE_URL"; }
ckan_port() { echo "$CKAN_PORT"; }
ckan_answers() { curl -sf "$CKAN_SITE_URL/api/3/action/status_show" >/dev/null; }

# The web site runs under gunicorn: worker processes (CKAN_WORKERS, default 2 x cores + 1),
# request timeouts, access log in var/log/access.log; see config/gunicorn.conf.py.
ckan_start() {
  # As nohup would: the server ignores hang-ups until gunicorn sets its own handler (HUP: reload).
  (trap '' HUP && web_server) >>"$LOG/ckan.log" 2>&1 </dev/null &
  echo $! >"$RUN/ckan.pid"
  if ! wait_for ckan 120 ckan_answers; then
    tail -n 20 "$LOG/ckan.log" | sed 's/^/    /' >&2
    die "CKAN did not answer on $CKAN_SITE_URL" "see var/log/ckan.log"
  fi
}

# HUP: gunicorn starts workers with freshly loaded code, then lets the old ones finish.
ckan_reload() {
  ckan_running || die "ckan is not running" "start it with 'make up'"
  kill -HUP "$(cat "$RUN/ckan.pid")"
  wait_for ckan 120 ckan_answers || die "CKAN did not answer after the reload" "see var/log/ckan.log"
  ok "ckan reloaded (graceful): $CKAN_SITE_URL"
}

ckan_stop() { stop_pid ckan; }

worker_running() { pid_alive worker; }
worker_url() { echo "queue default on $(redis_url)/0"; }
worker_port() { :; }

# The worker blocks on Redis for minutes while it waits for a job: it gets the consumers' URL
# (no read timeout), not the web site's (env.sh: REDIS_CONSUMER_URL).
worker_start() {
  as_app_user nohup env CKAN_REDIS_URL="$REDIS_CONSUMER_URL" "$VENV/bin/ckan" -c "$CKAN_INI" jobs worker >"$LOG/worker.log" 2>&1 </dev/null &
  echo $! >"$RUN/worker.pid"
}

worker_stop() { stop_pid worker; }

# The daily jobs (issue 16): what cron runs once a day on a production site
# (`ckan digicanvis freshness-reminders`); here a loop that runs them at start and every day.
daily_running() { pid_alive daily; }
daily_url() { echo "daily jobs (freshness reminders, forum digest); log var/log/daily.log"; }
daily_port() { :; }

daily_start() {
  as_app_user nohup "$VENV/bin/ckan" -c "$CKAN_INI" digicanvis daily-jobs --loop >"$LOG/daily.log" 2>&1 </dev/null &
  echo $! >"$RUN/daily.pid"
}

daily_stop() { stop_pid daily; }

# ---------------------------------------------------------------- mail sink
# A development site's outbox: a real SMTP server (aiosmtpd, ckanext/digicanvis/mail_sink.py)
# on 127.0.0.1 that stores each message in the Maildir var/mail, read by sysadmins at
# /ckan-admin/mail. It holds confirmation links and people's messages, so it runs as the app
# user, its folder is closed to other local users, and it takes mail only from a client that
# signs in with var/secrets/mailsink-password (CKAN's mailer: CKAN_SMTP_USER/PASSWORD, env.sh).
# A production site sends through a real SMTP server instead (README "E-mail").
mailsink_running() { pid_alive mailsink; }
mailsink_url() { echo "smtp://127.0.0.1:$MAILSINK_PORT -> var/mail (read at $CKAN_SITE_URL/ckan-admin/mail)"; }
mailsink_port() { echo "$MAILSINK_PORT"; }

mailsink_start() {
  (umask 027 && mkdir -p "$MAIL_DIR"/{tmp,new,cur}) # a Maildir (aiosmtpd creates only a missing folder)
  app_owns "$MAIL_DIR"
  # The password through the environment, never on a command line.
  export DIGICANVIS_MAILSINK_PASSWORD=$MAILSINK_PASSWORD
  as_app_user nohup "$VENV/bin/python" -m ckanext.digicanvis.mail_sink "$MAIL_DIR" "$MAILSINK_PORT" \
    >"$LOG/mailsink.log" 2>&1 </dev/null &
  unset DIGICANVIS_MAILSINK_PASSWORD
  echo $! >"$RUN/mailsink.pid"
  wait_for mailsink 20 port_open "$MAILSINK_PORT" || die "the mail sink did not answer on port $MAILSINK_PORT" "see var/log/mailsink.log"
}

mailsink_stop() { stop_pid mailsink; }

# ---------------------------------------------------------------- harvesting
# Separate processes (not threads of the web server), each with its own log in var/log.
# The consumers are ckanext-harvest's callbacks behind a connection without Redis read
# timeout (harvest/consumers.py says why); the scheduler starts due jobs, finishes done
# ones, ends stuck ones (ckan.harvest.timeout) and requeues what a stopped consumer left.
harvest_process_start() {
  local name=$1
  shift
  as_app_user nohup env CKAN_REDIS_URL="$REDIS_CONSUMER_URL" "$VENV/bin/ckan" -c "$CKAN_INI" digicanvis "$@" >"$LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  sleep 1
  pid_alive "$name" || die "$name stopped at once" "see var/log/$name.log"
}

gather_running() { pid_alive gather; }
gather_url() { echo "harvest gather queue on $(redis_url)/0"; }
gather_port() { :; }
gather_start() { harvest_process_start gather harvest-consumer gather; }
gather_stop() { stop_pid gather; }

fetch_running() { pid_alive fetch; }
fetch_url() { echo "harvest fetch queue on $(redis_url)/0"; }
fetch_port() { :; }
fetch_start() { harvest_process_start fetch harvest-consumer fetch; }
fetch_stop() { stop_pid fetch; }

scheduler_running() { pid_alive scheduler; }
scheduler_url() { echo "harvester run every 60 s (var/log/scheduler.log)"; }
scheduler_port() { :; }
scheduler_start() { harvest_process_start scheduler harvest-scheduler --every 60; }
scheduler_stop() { stop_pid scheduler; }

# ---------------------------------------------------------------- common
# As root: the app user may reach the clone and owns what it writes (uploads, webassets,
# its home); the site's ini with its secrets is readable by it alone.
prepare_for_app_user() {
  is_root || return 0
  id -u "$APP_USER" >/dev/null 2>&1 || die "user $APP_USER is missing" "run 'make install' as root"
  let_user_reach "$APP_USER" "$ROOT/setup.py"
  runuser -u "$APP_USER" -- test -r "$ROOT/setup.py" ||
    die "user $APP_USER cannot read the clone" "clone the project with a umask that lets other users read (022)"
  # The venv's interpreter may live in root's home (pyenv).
  let_user_reach "$APP_USER" "$(readlink -f "$VENV/bin/python")"
  runuser -u "$APP_USER" -- "$VENV/bin/python" -c '' ||
    die "user $APP_USER cannot run $VENV/bin/python" "make its interpreter readable by other users, or recreate .venv with a system Python"
  app_owns "$VAR/storage" "$VAR/test-storage" "$APP_HOME"
  let_user_reach "$APP_USER" "$VAR/storage"
  case $CKAN_INI in "$VAR"/*) if [ -f "$CKAN_INI" ]; then chown "$APP_USER:" "$CKAN_INI"; fi ;; esac
}


# stop_pid NAME: TERM the recorded process, KILL it if it lingers past 30 s.
stop_pid() {
  local pid
  [ -f "$RUN/$1.pid" ] || return 0 # gone already (an older Redis removed its own)
  pid=$(cat "$RUN/$1.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}

start_one() {
  local service=$1 port
  if "${service}_running"; then
    ok "$service already running: $("${service}_url")"
    return 1
  fi
  port=$("${service}_port")
  if [ -n "$port" ] && port_open "$port"; then
    die "port $port is busy, $service cannot start" \
      "stop what uses it (ss -ltnp 'sport = :$port') or choose another port, e.g. make run $(echo "$service" | tr a-z A-Z | sed 's/POSTGRES/PG/')_PORT=$((port + 1))"
  fi
  local started=$SECONDS
  "${service}_start"
  ok "$service up in $((SECONDS - started)) s: $("${service}_url")"
}

cmd_start() {
  mkdir -p "$LOG" "$RUN"
  prepare_for_app_user
  for service in "$@"; do
    if start_one "$service" && [ -n "${STARTED_FILE:-}" ]; then echo "$service" >>"$STARTED_FILE"; fi
  done
}

cmd_stop() {
  local i service
  for ((i = $# ; i > 0 ; i--)); do
    service=${!i}
    if "${service}_running"; then
      "${service}_stop"
      ok "$service stopped"
    fi
  done
}

cmd_status() {
  local service all_up=0
  for service in "$@"; do
    if "${service}_running"; then
      printf '  %-9s %sup%s    %s\n' "$service" "$GREEN" "$OFF" "$("${service}_url")"
    else
      printf '  %-9s %sdown%s  %s\n' "$service" "$RED" "$OFF" "$("${service}_url")"
      all_up=1
    fi
  done
  return $all_up
}

main() {
  local command=${1:-status}
  shift || true
  local services=("$@")
  [ ${#services[@]} -gt 0 ] || services=("${ALL_SERVICES[@]}")
  case "$command" in
    start) cmd_start "${services[@]}" ;;
    stop) cmd_stop "${services[@]}" ;;
    status) cmd_status "${services[@]}" || true ;;
    running) "${services[0]}_running" ;;
    reload) "${services[0]}_reload" ;;
    *) die "unknown command '$command'" "use start, stop, status or running" ;;
  esac
}

main "$@"
