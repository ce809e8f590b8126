"""The profile's own SHACL shapes (lod/data/project-shapes.ttl) with this site's IRIs: every
required project field present, savings structured, coded values from the right concept
scheme, contact points without an e-mail or a phone. Served at ``/ns/shapes.ttl``."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph

from ckanext.digicanvis.lod import uris


def shapes_graph() -> Graph:
    text = (resources.files("ckanext.digicanvis.lod") / "data" / "project-shapes.ttl").read_text(encoding="utf-8")
    text = text.replace("urn:digicanvis:ns#", str(uris.namespace())).replace("urn:digicanvis:vocab/", f"{uris.base()}/vocab/")
    return Graph().parse(data=text, format="turtle")
