#!/usr/bin/env bash
# Install whatever is missing for the observatory: Debian packages, the unprivileged user the
# services run as (when root), the Python venv with pinned CKAN and extensions, the Solr jars
# from Maven Central, the browser libraries from npm (package-lock.json), compiled translations.
# Each part is skipped when it is already in place, so a second run takes seconds.
set -euo pipefail
source "$(dirname "$0")/env.sh"

# chromium drives the browser tests (tests/browser, through Playwright); fonts-dejavu-core
# gives it a font even without the recommended packages.
DEBIAN_PACKAGES=(postgresql redis-server openjdk-17-jre-headless maven chromium fonts-dejavu-core)
# npm fetches Leaflet for the maps; a Node.js that ships its own npm will do.
command -v npm >/dev/null || DEBIAN_PACKAGES+=(nodejs npm)

missing_debian_packages() {
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_debian_packages() {
  local missing
  missing=$(missing_debian_packages)
  # A machine may carry Java and Maven without their Debian packages: accept those.
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    missing=$(echo "$missing" | grep -v -e openjdk -e maven || true)
  fi
  if [ -z "$missing" ]; then
    ok "Debian packages present"
    return
  fi
  command -v apt-get >/dev/null || die "Debian packages $(echo $missing)" "install them with your system's package manager"
  is_root || command -v sudo >/dev/null || die "Debian packages $(echo $missing)" "run as root or install sudo"
  say "Installing Debian packages: $(echo $missing)"
  step "apt-get update" "check the network to the Debian mirror, then run make again" -- \
    as_root apt-get update -qq
  step "apt-get install $(echo $missing)" "run 'apt-get install $(echo $missing)' by hand to see why" -- \
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

check_java() {
  command -v java >/dev/null || die "Java not found" "install Java 17: apt-get install openjdk-17-jre-headless"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "Java $major found, Solr $SOLR_VERSION needs 17 or later" "apt-get install openjdk-17-jre-headless"
  # Solr 9 is not tested on Java 21+ with this runner; warn only.
  ok "Java $major"
}

requirements_stamp() {
  cat "$ROOT/requirements.txt" "$ROOT/dev-requirements.txt" "$ROOT/setup.py" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16
}

install_python() {
  command -v "$PYTHON_BIN" >/dev/null || die "$PYTHON_BIN not found" "install Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the venv in .venv/"
    step "python venv" "install python3.11-venv, then run make again" -- "$PYTHON_BIN" -m venv "$VENV"
  fi
  local stamp_file=$VENV/.digicanvis-requirements want
  want=$(requirements_stamp)
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want" ] && [ -f "$MAP_VENDOR/catalonia-municipalities.topo.json" ]; then
    ok "Python packages present (.venv)"
    return
  fi
  say "Installing pinned CKAN 2.12.0, extensions and test tools into .venv (a few minutes)"
  step "pip install (requirements.txt)" "check the network to PyPI, then run make again" -- \
    "$VENV/bin/pip" install --disable-pip-version-check -q -r "$ROOT/requirements.txt" -r "$ROOT/dev-requirements.txt"
  # A stale egg-info left by an older install would hide new entry points (plugins).
  rm -rf "$ROOT"/*.egg-info
  step "pip install -e . (ckanext-digicanvis)" "fix setup.py, then run make again" -- \
    "$VENV/bin/pip" install --disable-pip-version-check -q --no-deps --no-build-isolation -e "$ROOT"
  echo "$want" >"$stamp_file"
  ok "Python packages installed"
}

install_solr_jars() {
  if [ -f "$SOLR_LIB/solr-core-$SOLR_VERSION.jar" ] && [ -f "$SOLR_LIB/solr-test-framework-$SOLR_VERSION.jar" ]; then
    ok "Solr $SOLR_VERSION jars present (.cache/)"
    return
  fi
  command -v mvn >/dev/null || die "Maven not found" "install it: apt-get install maven"
  say "Fetching Solr $SOLR_VERSION from Maven Central into .cache/ (once)"
  rm -rf "$SOLR_LIB.partial"
  step "Maven download of Solr $SOLR_VERSION" "check the network to Maven Central, then run make again" -- \
    mvn -q -B -f "$ROOT/config/solr/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$SOLR_LIB.partial"
  rm -rf "$SOLR_LIB"
  mv "$SOLR_LIB.partial" "$SOLR_LIB"
  ok "Solr jars in .cache/solr-$SOLR_VERSION/lib ($(ls "$SOLR_LIB" | wc -l) jars)"
}

# Leaflet and its marker clusters, Chart.js and topojson-client, pinned in package-lock.json, end up as CKAN assets
# (served by the site itself: no CDN, works offline). axe-core (a devDependency) stays in node_modules, where
# tests/browser/test_accessibility.py reads it: the tests inject it, the site never serves it.
JS_VENDOR=$ROOT/ckanext-digicanvis/ckanext/digicanvis/assets/vendor
MAP_VENDOR=$ROOT/ckanext-digicanvis/ckanext/digicanvis/public/vendor
install_js_libraries() {
  local stamp_file=$JS_VENDOR/.package-lock want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -c1-16)
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want" ] && [ -f "$MAP_VENDOR/catalonia-municipalities.topo.json" ] \
    && [ -f "$ROOT/node_modules/axe-core/axe.min.js" ]; then
    ok "browser libraries present (assets/vendor)"
    return
  fi
  command -v npm >/dev/null || die "npm not found" "install it: apt-get install nodejs npm"
  step "npm ci (Leaflet, Chart.js, es-atlas, axe-core)" "check the network to the npm registry, then run make again" -- \
    npm ci --prefix "$ROOT" --no-audit --no-fund --loglevel=error
  rm -rf "$JS_VENDOR"
  mkdir -p "$JS_VENDOR/leaflet" "$JS_VENDOR/leaflet.markercluster"
  cp "$ROOT"/node_modules/leaflet/dist/leaflet.{js,css} "$ROOT"/node_modules/leaflet/LICENSE "$JS_VENDOR/leaflet/"
  cp "$ROOT"/node_modules/leaflet.markercluster/dist/{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
    "$ROOT"/node_modules/leaflet.markercluster/MIT-LICENCE.txt "$JS_VENDOR/leaflet.markercluster/"
  # Charts of the statistics dashboard; TopoJSON decoding and the municipalities' boundaries
  # (IGN via es-atlas, CC BY 4.0) for its coverage map.
  mkdir -p "$JS_VENDOR/chart.js" "$JS_VENDOR/topojson-client"
  cp "$ROOT"/node_modules/chart.js/dist/chart.umd.min.js "$ROOT"/node_modules/chart.js/LICENSE.md "$JS_VENDOR/chart.js/"
  cp "$ROOT"/node_modules/topojson-client/dist/topojson-client.min.js "$ROOT"/node_modules/topojson-client/LICENSE "$JS_VENDOR/topojson-client/"
  rm -rf "$MAP_VENDOR"
  mkdir -p "$MAP_VENDOR"
  step "municipal boundaries of Catalonia (es-atlas)" "check node_modules/es-atlas, then run make again" -- \
    node "$ROOT/scripts/catalonia_map.js" "$ROOT" "$MAP_VENDOR/catalonia-municipalities.topo.json"
  cp "$ROOT"/node_modules/es-atlas/LICENSE "$MAP_VENDOR/es-atlas-LICENSE"
  echo "$want" >"$stamp_file"
  ok "browser libraries installed (Leaflet $(node -p "require('$ROOT/node_modules/leaflet/package.json').version" 2>/dev/null))"
}

# As root, the services run as an unprivileged system user (env.sh: as_app_user).
ensure_app_user() {
  is_root || return 0
  if ! id -u "$APP_USER" >/dev/null 2>&1; then
    step "create user $APP_USER" "run 'useradd --system --user-group $APP_USER' by hand to see why" -- \
      useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$APP_USER"
  fi
  ok "services run as user $APP_USER when started by root"
}

compile_translations() {
  step "compile translations" "fix the .po file named above, or run make i18n" -- \
    "$VENV/bin/pybabel" compile --use-fuzzy -D ckanext-digicanvis -d "$ROOT/ckanext-digicanvis/ckanext/digicanvis/i18n"
  ok "translations compiled (ca, es, en)"
}

install_debian_packages
ensure_app_user
check_java
install_python
install_solr_jars
install_js_libraries
compile_translations
