#!/usr/bin/env bash
# A second CKAN process for side-by-side benchmarks: stock CKAN 2.12 with none of our plugins
# on the SAME database and Solr core as the site, served by the same gunicorn settings, on
# STOCK_PORT (default CKAN_PORT + 1). It only reads. Its API serves our projects as any
# dataset; its pages cannot: CKAN's dataset page needs the "project" type, which only our
# plugins (and the validators our schema names) define, so pages compare with its package_show.
# usage: bench/stock_ckan.sh start|stop
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
STOCK_PORT=${STOCK_PORT:-$((CKAN_PORT + 1))}
STOCK_INI=$VAR/stock-ckan.ini
PID=$RUN/stock-ckan.pid

write_ini() {
  [ -f "$STOCK_INI" ] && return
  umask 077
  cat >"$STOCK_INI" <<INI
# Stock CKAN for bench/ (bench/stock_ckan.sh). Same database, Solr core and site id as the site.
[app:main]
use = egg:ckan
ckan.site_id = digicanvis
ckan.site_url = http://127.0.0.1:$STOCK_PORT
SECRET_KEY = $("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
api_token.jwt.encode.secret = string:stock-bench-only
api_token.jwt.decode.secret = string:stock-bench-only
sqlalchemy.url = $CKAN_SQLALCHEMY_URL
solr_url = $CKAN_SOLR_URL
ckan.redis.url = $CKAN_REDIS_URL
ckan.storage_path = $VAR/stock-storage
ckan.plugins = activity
ckan.locale_default = ca
ckan.locales_offered = ca es en

[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARNING
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
INI
}

case "${1:-}" in
  start)
    write_ini
    mkdir -p "$VAR/stock-storage" "$RUN" "$LOG"
    CKAN_INI=$STOCK_INI CKAN_SITE_URL=http://127.0.0.1:$STOCK_PORT VAR=$VAR CKAN_PORT=$STOCK_PORT \
      CKAN_ACCESS_LOG=$LOG/stock-access.log nohup "$VENV/bin/gunicorn" --config "$ROOT/config/gunicorn.conf.py" \
      --pid "$PID.gunicorn" >"$LOG/stock-ckan.log" 2>&1 </dev/null &
    echo $! >"$PID"
    wait_for stock-ckan 120 curl -sf "http://127.0.0.1:$STOCK_PORT/api/3/action/status_show" ||
      die "stock CKAN did not answer on port $STOCK_PORT" "see var/log/stock-ckan.log"
    ok "stock CKAN on http://127.0.0.1:$STOCK_PORT (pid $(cat "$PID"))"
    ;;
  stop)
    if [ -f "$PID" ] && kill "$(cat "$PID")" 2>/dev/null; then
      wait_for stock-ckan 60 bash -c "! kill -0 $(cat "$PID") 2>/dev/null"
      ok "stock CKAN stopped"
    fi
    rm -f "$PID"
    ;;
  *) die "usage: bench/stock_ckan.sh start|stop" ;;
esac
