"""The demo catalogue against the official DCAT-AP 3.0.1 shapes and the profile's own shapes,
offline (shapes vendored in tests/linked_data/shapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ckanext.digicanvis.lod import shapes, uris

from tests.linked_data.conftest import MANDATORY, RECOMMENDED, VOCABULARIES, rdf_of, shacl

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")
REPORT = Path(__file__).resolve().parents[1] / "output" / "shacl-report.json"


def test_catalogue_and_every_demo_project_validate(app, demo):
    """Zero violations (mandatory shapes + class ranges, and the profile's own shapes) for the
    catalogue page and for every demo project's own document; the recommended-shape and
    controlled-vocabulary results are written to tests/output/shacl-report.json."""
    own = shapes.shapes_graph()
    catalogue = rdf_of(app, "/catalog.ttl?page=1")
    assert len(set(catalogue.subjects(RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")))) == len(demo)
    report = {"catalogue": {}, "projects": {}}
    for name, graph in [("catalogue", catalogue)] + [(p["name"], rdf_of(app, f"/project/{p['name']}.ttl")) for p in demo]:
        mandatory, mine = shacl(graph, MANDATORY), shacl(graph, own)
        assert mandatory.count("Violation") == 0, (name, mandatory.summary().most_common(5))
        assert mine.conforms, (name, mine.summary().most_common(5))
        recommended, vocabularies = shacl(graph, RECOMMENDED), shacl(graph, VOCABULARIES)
        entry = {
            "mandatory_and_range_violations": mandatory.count("Violation"),
            "own_shapes_violations": mine.count("Violation"),
            "recommended_warnings": recommended.count("Warning"),
            "vocabulary_violations": vocabularies.count("Violation"),
            "vocabulary_warnings": vocabularies.count("Warning"),
        }
        if name == "catalogue":
            report["catalogue"] = entry
            entry["recommended_by_property"] = _by_path(recommended)
            entry["vocabulary_by_property"] = _by_path(vocabularies)
        else:
            report["projects"][name] = entry
        # The EU tables' controlled values (languages, file types) are right; what remains are
        # warnings for the observatory's own concepts, places and bodies.
        assert vocabularies.count("Violation") == 0, (name, vocabularies.summary().most_common(5))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, sort_keys=True))


def _by_path(report) -> dict[str, int]:
    counts: dict[str, int] = {}
    for severity, _, path, _ in report.results:
        key = f"{severity} {path.rsplit('/', 1)[-1]}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_own_shapes_catch_what_they_promise():
    """The profile's shapes are not a formality: an e-mail, a saving without kind, a concept
    of another scheme, a project without area and two versions of a text in one language
    each make a violation."""
    ns = uris.namespace()
    project = URIRef(f"{uris.base()}/project/x")
    bad = Graph()
    vcard = "http://www.w3.org/2006/vcard/ns#"
    bad.add((project, RDF.type, ns["Project"]))
    title = URIRef("http://purl.org/dc/terms/title")
    bad.add((project, title, Literal("X")))
    bad.add((project, title, Literal("Finestreta", lang="ca")))
    bad.add((project, title, Literal("Una altra finestreta", lang="ca")))
    bad.add((project, ns["transformationType"], uris.concept("area", "social_services")))
    contact = URIRef(f"{project}#contact-1")
    bad.add((project, URIRef("http://www.w3.org/ns/dcat#contactPoint"), contact))
    bad.add((contact, URIRef(vcard + "hasEmail"), URIRef("mailto:someone@example.cat")))
    saving = URIRef(f"{project}#saving-1")
    bad.add((project, ns["saving"], saving))
    bad.add((saving, RDF.type, ns["Saving"]))
    bad.add((saving, ns["measurementMethod"], Literal("Counted", lang="en")))
    bad.add((saving, ns["measurementMethod"], Literal("Estimated", lang="en")))
    document = URIRef(f"{project}#document")
    bad.add((project, URIRef("http://www.w3.org/ns/dcat#distribution"), document))
    bad.add((document, title, Literal("Vídeo", lang="es")))
    bad.add((document, title, Literal("Un vídeo", lang="es")))

    report = shacl(bad, shapes.shapes_graph())

    paths = {path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for _, _, path, _ in report.results}
    assert not report.conforms
    assert {"hasEmail", "savingKind", "amount", "area", "transformationType", "description", "publisher",
            "measurementMethod"} <= paths
    # One language, two titles: the project's and the documentation link's.
    assert {focus for _, focus, path, _ in report.results if path == str(title)} == {str(project), str(document)}
