"""The digicanvis plugin loads, declares its settings and speaks Catalan by default."""

from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import helpers


@pytest.mark.parametrize("plugin", ["digicanvis", "digicanvis_discovery"])
def test_plugins_are_loaded(plugin):
    assert p.plugin_loaded(plugin)


def test_status_show_lists_the_extension():
    status = helpers.call_action("status_show")
    assert status["ckan_version"] == "2.12.0"
    assert "digicanvis" in status["extensions"]


def test_config_options_are_declared_with_defaults():
    declaration = tk.config.get("ckanext.digicanvis.operator.name")
    assert declaration.startswith("Consorci Administració Oberta de Catalunya")
    assert tk.config.get("ckanext.digicanvis.operator.url") == "https://www.aoc.cat"


@pytest.mark.usefixtures("clean_db")
@pytest.mark.ckan_config("ckanext.digicanvis.operator.name", "Diputació de Girona")
def test_operator_name_comes_from_config(app):
    page = app.get("/")
    assert "Diputació de Girona" in page.body


def test_default_locale_is_catalan():
    assert tk.config.get("ckan.locale_default") == "ca"
    assert tk.config.get("ckan.locales_offered") == ["ca", "es", "en"]


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(
    ("prefix", "lang", "footer"),
    [
        ("", "ca", "Un observatori gestionat per"),
        ("/es", "es", "Un observatorio gestionado por"),
        ("/en", "en", "An observatory run by"),
    ],
)
def test_pages_speak_the_requested_language(app, prefix, lang, footer):
    page = app.get(f"{prefix}/dataset/")
    assert f'<html lang="{lang}"' in page.body
    assert footer in page.body
