#!/usr/bin/env bash
# Prepare and administer the local CKAN site (the services must be running).
#   init         var/ckan.ini with this machine's secrets, database migrations (core and
#                every plugin), the sysadmin `admin`, the forum categories, the Catalan
#                local bodies, the demo catalogue and forum, the editorial pages, missing
#                search-index entries, the static assets (built once, pre-compressed)
#   init-test    migrations of the test database (test.ini)
#   admin-token  a fresh API token of `admin`, printed alone on the last line
#   reindex      rebuild the whole search index (after a change of what is indexed)
# CKAN's commands run as the app user when root (env.sh: ckan_cli, as_app_user).
set -euo pipefail
source "$(dirname "$0")/env.sh"

ADMIN_USER=admin
ADMIN_PASSWORD_FILE=$VAR/admin-password

write_site_ini() {
  [ -f "$CKAN_INI" ] && return
  local secret jwt
  secret=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  jwt=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  umask 077
  cat >"$CKAN_INI" <<INI
# Written once by scripts/site.sh for this machine; holds its secrets. Not in git.
# Settings shared by every site live in config/ckan.ini.
[app:main]
use = config:../config/ckan.ini
SECRET_KEY = $secret
api_token.jwt.encode.secret = string:$jwt
api_token.jwt.decode.secret = string:$jwt
INI
  ok "wrote var/ckan.ini (secrets for this machine)"
}

# The app user reads the ini (its secrets) and writes uploads; nobody else does either.
let_app_user_in() {
  is_root || return 0
  case $CKAN_INI in "$VAR"/*) chown "$APP_USER:" "$CKAN_INI" ;; esac
  app_owns "$VAR/storage" "$APP_HOME"
}

# ensure_setting KEY VALUE: add a setting to var/ckan.ini when it lacks it (sites made before
# the setting existed get it too; a value someone changed is kept).
ensure_setting() {
  grep -q "^$1 *=" "$CKAN_INI" || printf '%s = %s\n' "$1" "$2" >>"$CKAN_INI"
}

migrate() {
  step "database migrations ($1)" "see var/log/steps.log; 'make reset' starts from scratch" -- \
    ckan_cli -c "$1" db init
}

ensure_admin() {
  if ckan_cli -c "$CKAN_INI" user show "$ADMIN_USER" 2>/dev/null | grep -q " name=$ADMIN_USER "; then
    return
  fi
  # The password goes through a 0600 file and stdin: a command line is visible to every
  # local user (ps, /proc/PID/cmdline).
  [ -s "$ADMIN_PASSWORD_FILE" ] ||
    (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(16))' >"$ADMIN_PASSWORD_FILE")
  step "create sysadmin $ADMIN_USER" "see var/log/steps.log" -- \
    ckan_cli -c "$CKAN_INI" digicanvis create-sysadmin "$ADMIN_USER" --email "admin@digicanvis.localhost" \
      --fullname "Administració de l'Observatori" <"$ADMIN_PASSWORD_FILE"
  ok "sysadmin '$ADMIN_USER' created; password in var/admin-password"
}

cmd_init() {
  mkdir -p "$VAR/storage"
  write_site_ini
  # The mail sink of this machine (services.sh: mailsink); sysadmins read it at /ckan-admin/mail.
  ensure_setting ckanext.digicanvis.mail.sink_dir "%(here)s/mail"
  let_app_user_in
  migrate "$CKAN_INI"
  ensure_admin
  step "forum categories" "see var/log/steps.log; the command is safe to run again" -- \
    ckan_cli -c "$CKAN_INI" digicanvis forum-init
  step_live "Catalan local bodies" "see the messages above; the command is safe to run again" -- \
    ckan_cli -c "$CKAN_INI" digicanvis load-local-bodies
  step_live "demo catalogue" "see the messages above; the command is safe to run again" -- \
    ckan_cli -c "$CKAN_INI" digicanvis load-demo
  step "demo forum" "see var/log/steps.log; the command is safe to run again" -- \
    ckan_cli -c "$CKAN_INI" digicanvis load-demo-forum
  step "editorial pages and news" "see var/log/steps.log; the command is safe to run again" -- \
    ckan_cli -c "$CKAN_INI" digicanvis load-pages
  step "search index (only missing entries)" "see var/log/steps.log" -- \
    ckan_cli -c "$CKAN_INI" search-index rebuild --only-missing --quiet
  build_assets
  ok "site ready: database migrated, sysadmin '$ADMIN_USER'"
}

# The webassets bundles, built once with content-hashed names, and their .gz/.br copies,
# which the web server (config/wsgi.py: WhiteNoise) sends with a one-year cache lifetime.
build_assets() {
  step "static assets (webassets build)" "see var/log/steps.log" -- ckan_cli -c "$CKAN_INI" asset build
  step "static assets (compression)" "see var/log/steps.log" -- \
    as_app_user "$VENV/bin/python" -m whitenoise.compress --quiet "$VAR/storage/webassets"
}

cmd_init_test() {
  export CKAN_SQLALCHEMY_URL=$TEST_SQLALCHEMY_URL CKAN_SOLR_URL=$TEST_SOLR_URL CKAN_REDIS_URL=$TEST_REDIS_URL
  unset CKAN_SITE_URL
  app_owns "$VAR/test-storage" "$APP_HOME"
  migrate "$TEST_INI"
  ok "test database migrated"
}

cmd_admin_token() {
  local out
  out=$(ckan_cli -c "$CKAN_INI" user token add "$ADMIN_USER" "admin-token $(date -Is)" 2>&1) ||
    { echo "$out" >&2; die "admin token" "is the site initialised? run 'make up' first"; }
  echo "API token of '$ADMIN_USER' (send it as the Authorization header):" >&2
  echo "$out" | tail -n 1 | tr -d '[:space:]'
  echo
}

cmd_reindex() {
  step_live "search index rebuild" "is the site initialised? run 'make up' first" -- \
    ckan_cli -c "$CKAN_INI" digicanvis reindex
  ok "search index rebuilt"
}

case "${1:-}" in
  init) cmd_init ;;
  reindex) cmd_reindex ;;
  init-test) cmd_init_test ;;
  admin-token) cmd_admin_token ;;
  *) die "usage: site.sh init|init-test|admin-token|reindex" ;;
esac
