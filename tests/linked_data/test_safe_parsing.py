"""RDF from outside never reaches the network while it is parsed."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ckanext.dcat.exceptions import RDFParserException
from ckanext.dcat.processors import RDFParser

from ckanext.digicanvis.lod import safe_parsing
from tests.harvest.conftest import source_server  # noqa: F401 (a real HTTP server on 127.0.0.1)

CONTEXT = b'{"@context": {"name": "http://schema.org/name"}}'


def document(context_url: str) -> str:
    return '{"@context": "%s", "@id": "http://example.org/a", "name": "A"}' % context_url


def test_a_remote_jsonld_context_is_never_fetched(source_server):
    url = source_server.serve("/context.jsonld", CONTEXT, "application/ld+json")

    with pytest.raises(safe_parsing.RemoteContextRefused):
        Graph().parse(data=document(url), format="json-ld")

    assert source_server.hits.get("/context.jsonld", 0) == 0


def test_ckanext_dcat_reports_it_as_a_parse_error(source_server):
    url = source_server.serve("/context.jsonld", CONTEXT, "application/ld+json")
    with pytest.raises(RDFParserException, match="remote JSON-LD context"):
        RDFParser().parse(document(url), _format="json-ld")
    assert source_server.hits.get("/context.jsonld", 0) == 0


def test_other_urllib_requests_still_work(source_server):
    import urllib.request

    url = source_server.serve("/context.jsonld", CONTEXT, "application/ld+json")
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == CONTEXT


def test_an_inline_context_parses():
    g = Graph().parse(data='{"@context": {"name": "http://schema.org/name"}, "@id": "http://example.org/a", "name": "A"}',
                      format="json-ld")
    assert len(g) == 1


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
])
def test_xml_with_entities_is_refused(xml):
    with pytest.raises(safe_parsing.UnsafeXML):
        safe_parsing.check_xml(xml)


def test_plain_rdf_xml_passes():
    safe_parsing.check_xml(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
