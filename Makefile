# DigiCanvis Observatory. `make help` lists the targets.
# Ports and paths come from the environment or the command line, e.g. `make run CKAN_PORT=5001`.

SHELL := /bin/bash
export CKAN_PORT SOLR_PORT PG_PORT REDIS_PORT SMTP_PORT MAILSINK_PORT
PYTEST_ARGS ?=
EXT := ckanext-digicanvis/ckanext/digicanvis

.DEFAULT_GOAL := help
.PHONY: help run test up down status admin-token reindex smoke reset install i18n dev reload

help: ## this list
	@echo "DigiCanvis Observatory: make TARGET"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'
	@echo "Ports: CKAN_PORT=5000 SOLR_PORT=8983 PG_PORT=5433 REDIS_PORT=6380 SMTP_PORT=8025 MAILSINK_PORT=8026 (override on the command line)"

run: ## install what is missing, start every service, serve the site in the foreground (Ctrl-C stops)
	@scripts/stack.sh run

dev: ## like run, with CKAN's development server (reloads when code or templates change)
	@DEV=1 scripts/stack.sh dev

reload: ## graceful restart of the running site (new code; requests in flight finish)
	@scripts/services.sh reload ckan

test: ## same set-up on the test database and Solr core, then the whole pytest suite (PYTEST_ARGS=...)
	@scripts/stack.sh test $(PYTEST_ARGS)

up: ## like run, in the background; returns once the site answers
	@scripts/stack.sh up

down: ## stop every service
	@scripts/stack.sh down

status: ## each service: up or down, and its URL
	@scripts/stack.sh status

admin-token: ## print a fresh API token of the local sysadmin (last line)
	@scripts/site.sh admin-token

reindex: ## rebuild the site's search index (after an upgrade changes what is indexed; make up first)
	@scripts/site.sh reindex

smoke: ## check the running site: CKAN version, search, Solr, admin token (make up first)
	@scripts/smoke.sh

reset: ## ask, then stop everything and wipe var/ (YES=y to skip the question)
	@scripts/stack.sh reset

install: ## only install what is missing (Debian packages, .venv, Solr jars)
	@scripts/install.sh

i18n: ## extract translatable strings and update the ca/es/en catalogues
	.venv/bin/pybabel extract -F $(EXT)/i18n/babel.cfg --no-location \
	  --project=ckanext-digicanvis -o $(EXT)/i18n/ckanext-digicanvis.pot $(EXT) harvest
	.venv/bin/pybabel update -D ckanext-digicanvis -i $(EXT)/i18n/ckanext-digicanvis.pot \
	  -d $(EXT)/i18n --no-fuzzy-matching
