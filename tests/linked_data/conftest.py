"""Linked-data test helpers: graphs fetched from the site, SHACL validation with the vendored
DCAT-AP 3.0.1 shapes (shapes/SOURCES.md), all offline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from tests.browser.conftest import live_server  # noqa: F401 (the CKAN app over real HTTP)

SHAPES = Path(__file__).parent / "shapes"
MANDATORY = ("dcat-ap-3.0.1-shapes.ttl", "dcat-ap-3.0.1-range.ttl")
RECOMMENDED = ("dcat-ap-3.0.1-shapes_recommended.ttl",)
VOCABULARIES = ("dcat-ap-3.0.1-mdr-vocabularies.shape.ttl",)
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}


@dataclass
class Report:
    conforms: bool
    results: list[tuple[str, str, str, str]]  # severity, focus node, path, message

    def count(self, severity: str) -> int:
        return sum(1 for result in self.results if result[0] == severity)

    def summary(self) -> Counter:
        return Counter((severity, path, message[:100]) for severity, _, path, message in self.results)


@cache
def shapes(names: tuple[str, ...]) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def shacl(data: Graph, names: tuple[str, ...] | Graph) -> Report:
    """Validate ``data`` (no inference) and list the report's top-level results."""
    shape_graph = names if isinstance(names, Graph) else shapes(names)
    conforms, report, _ = validate(data, shacl_graph=shape_graph, inference="none", allow_warnings=True)
    results = [
        (str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.focusNode)),
         str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
        for r in report.objects(None, SH.result)
    ]
    return Report(conforms, results)


def rdf_of(app, url: str, **headers) -> Graph:
    """GET ``url`` from the test app and parse the answer in the format it says it is."""
    response = app.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    media = response.headers["Content-Type"].split(";")[0]
    rdflib_format = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[media]
    return Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)


@pytest.fixture
def demo(cli):
    import ckan.cli.cli
    from ckan.tests import helpers

    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output
    return helpers.call_action("package_search", rows=1000, fq="+dataset_type:project")["results"]
