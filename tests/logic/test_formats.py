"""Dates, counts and money in each language's conventions (logic/formats.py, issue 17)."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.logic import formats
from tests import factories

DAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(("language", "date", "count", "money", "cents", "km"), [
    ("ca", "1 de desembre de 2026", "1.633", "12.500 €", "12.500,50 €", "12,3"),
    ("es", "1 de diciembre de 2026", "1.633", "12.500 €", "12.500,50 €", "12,3"),
    ("en", "December 1, 2026", "1,633", "€12,500", "€12,500.50", "12.3"),
])
def test_each_language_writes_its_own_way(language, date, count, money, cents, km) -> None:
    assert formats.date(DAY, language) == date
    assert formats.date("2026-12-01", language) == date
    assert formats.number(1633, language) == count
    # Between the amount and "€" a no-break space (U+00A0), as CLDR writes it: never split.
    assert formats.money(12500, language) == money.replace(" ", "\u00a0")
    assert formats.money("12500.5", language) == cents.replace(" ", "\u00a0")
    assert formats.decimal(12.345, 1, language) == km


def test_nothing_and_nonsense_show_as_nothing() -> None:
    for value in (None, "", "abc", float("nan"), True):
        assert formats.number(value, "ca") == formats.money(value, "ca") == formats.date(value, "ca") == ""


def test_a_time_joins_the_date_in_each_languages_pattern() -> None:
    moment = datetime.datetime(2026, 12, 1, 12, 30, tzinfo=datetime.timezone.utc)  # shown in ckan.display_timezone
    assert re.fullmatch(r"1 de desembre de 2026, \d{1,2}:30", formats.datetime(moment, "ca"))
    assert re.fullmatch(r"1 de diciembre de 2026, \d{1,2}:30", formats.datetime(moment, "es"))
    assert re.fullmatch(r"December 1, 2026, \d{1,2}:30\W[AP]M", formats.datetime(moment, "en"))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_helpers_follow_the_language_being_spoken(app) -> None:
    with app.flask_app.test_request_context():
        for language, count, money in (("ca", "1.633", "12.500 €"), ("es", "1.633", "12.500 €"), ("en", "1,633", "€12,500")):
            with force_locale(language):
                assert tk.h.localised_number(1633) == count  # CKAN's search counts
                assert tk.h.digicanvis_money(12500).replace("\u00a0", " ") == money
                assert tk.h.digicanvis_amount("12500", "EUR").replace("\u00a0", " ") == money
                assert tk.h.digicanvis_date(DAY) == formats.date(DAY, language)


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize(("prefix", "cost", "saving"), [
    ("", "18.000 €", "1.250,5 hores"), ("/es", "18.000 €", "1.250,5 hores"), ("/en", "€18,000", "1,250.5 hores")])
def test_a_project_page_shows_its_cost_and_savings_in_the_readers_conventions(app, prefix, cost, saving) -> None:
    body = factories.body_at("abrera")
    factories.project_of(body, "finestreta-virtual", savings=[
        {"kind": "staff_time", "amount": "1250.5", "unit": "hores", "period": "month", "method": "Registre"}])
    page = BeautifulSoup(app.get(f"{prefix}/project/finestreta-virtual").body, "html.parser")
    assert page.select_one(".digicanvis-savings td:nth-of-type(2)").get_text(" ", strip=True).startswith(saving)
    assert cost in page.get_text(" ").replace("\u00a0", " ")
