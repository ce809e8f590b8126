"""The judged queries (judged_queries.yaml) on the demo catalogue: every query, typed by a
reader of its language, finds at least one of its expected projects in the first ten.
bench/relevance.py measures recall@10 and nDCG@10 on the same set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import ckan.cli.cli
from ckan.tests import helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

JUDGED = yaml.safe_load((Path(__file__).parent / "judged_queries.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def demo(cli):
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output


def first_ten(query: dict) -> list[str]:
    found = helpers.call_action("package_search", q=query["q"], ext_lang=query["lang"], rows=10)
    return [project["name"] for project in found["results"]]


def test_the_judged_set_covers_three_languages_and_every_kind_of_query():
    assert len(JUDGED) >= 40
    assert {q["lang"] for q in JUDGED} == {"ca", "es", "en"}
    assert {"short", "long", "no accents", "misspelt"} <= {q["kind"] for q in JUDGED}


def test_every_judged_query_finds_an_expected_project_in_the_first_ten(demo):
    missed = []
    for query in JUDGED:
        found = first_ten(query)
        if not set(found) & set(query["expected"]):
            missed.append((query["lang"], query["q"], found[:3]))
    assert not missed, f"{len(missed)} of {len(JUDGED)} queries miss: {missed}"
