#!/usr/bin/env bash
# Check a running site (make up) the way a newcomer would: CKAN version and extensions,
# package_search, Solr's Lucene version, and an admin token that may create a dataset.
# Leaves nothing behind: the dataset and organisation it creates are purged.
set -euo pipefail
source "$(dirname "$0")/env.sh"

API=$CKAN_SITE_URL/api/3/action
json() { "$VENV/bin/python" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
post() { curl -sf -H "Authorization: $TOKEN" -H 'Content-Type: application/json' -d "$2" "$API/$1"; }

status=$(curl -sf "$API/status_show") || die "status_show" "is the site up? run 'make up'"
version=$(echo "$status" | json 'd["result"]["ckan_version"]')
[ "$version" = 2.12.0 ] || die "status_show reports CKAN $version" "expected 2.12.0"
echo "$status" | json '"digicanvis" in d["result"]["extensions"] or sys.exit(1)' >/dev/null ||
  die "digicanvis is not among the extensions" "check ckan.plugins in config/ckan.ini"
ok "status_show: CKAN $version with digicanvis"

count=$(curl -sf "$API/package_search?rows=0" | json 'd["result"]["count"]') || die "package_search" "see var/log/ckan.log"
ok "package_search: $count datasets"

lucene=$(curl -sf "http://127.0.0.1:$SOLR_PORT/solr/admin/info/system?wt=json" | json 'd["lucene"]["lucene-spec-version"]')
[ "${lucene%%.*}" = 9 ] || die "Solr reports Lucene $lucene" "expected 9.x"
ok "Solr: Lucene $lucene"

TOKEN=$("$(dirname "$0")/site.sh" admin-token 2>/dev/null | tail -n 1)
name=smoke-$RANDOM$RANDOM
post organization_create "{\"name\": \"$name\", \"title\": \"Smoke test\", \"body_type\": \"municipality\"}" >/dev/null ||
  die "organization_create with the admin token" "see var/log/ckan.log"
post package_create "{\"name\": \"$name\", \"title\": \"Smoke\", \"owner_org\": \"$name\"}" >/dev/null ||
  die "package_create with the admin token" "see var/log/ckan.log"
post dataset_purge "{\"id\": \"$name\"}" >/dev/null
post organization_purge "{\"id\": \"$name\"}" >/dev/null
ok "make admin-token: the token may create (and purge) a dataset"
