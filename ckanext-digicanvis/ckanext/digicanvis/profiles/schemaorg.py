"""The ``digicanvis_schemaorg`` profile: schema.org for the JSON-LD in every project page
(ckanext-dcat's ``structured_data``), on top of its ``schemaorg`` profile
(``ckanext.dcat.structured_data.profiles = schemaorg digicanvis_schemaorg``).

Search engines see the project, the local body that leads it (a government organisation
with its website, address and coordinates), its place, its dates, its classification in the
reader's language and its technologies; never a contact's e-mail or phone. Its name and
description, and those of its documentation, come in every language the record has, each
tagged with its language.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, BNode, Literal, Namespace, URIRef

from ckan import model
from ckanext.dcat.profiles import RDFProfile
from ckanext.dcat.utils import resource_uri

from ckanext.digicanvis.lod import bodies, uris
from ckanext.digicanvis.logic import translated, vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, json_list

SCHEMA = Namespace("http://schema.org/")
# What the base profile writes that this one writes better for a project.
RESTATED = (SCHEMA.publisher, SCHEMA.creator, SCHEMA.keywords, SCHEMA.temporalCoverage,
            SCHEMA.spatialCoverage, SCHEMA.inLanguage, SCHEMA.url)


def label(scheme_name: str, code: Any, lang: str) -> str | None:
    concept = vocabularies.scheme(scheme_name).concept(code)
    return concept.label.get(lang) if concept else None


class DigicanvisSchemaOrgProfile(RDFProfile):

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        if dataset_dict.get("type") != PROJECT_TYPE:
            return
        g = self.g
        for predicate in RESTATED:
            for node in list(g.objects(dataset_ref, predicate)):
                g.remove((node, None, None))
            g.remove((dataset_ref, predicate, None))
        g.add((dataset_ref, RDF.type, SCHEMA.Project))
        g.add((dataset_ref, SCHEMA.url, Literal(f"{uris.base()}/{PROJECT_TYPE}/{dataset_dict['name']}")))
        lang = dataset_dict.get("language") if dataset_dict.get("language") in ("ca", "es", "en") else "ca"
        if dataset_dict.get("language") in ("ca", "es", "en"):
            g.add((dataset_ref, SCHEMA.inLanguage, Literal(dataset_dict["language"])))
        for technology in json_list(dataset_dict.get("technologies")):
            g.add((dataset_ref, SCHEMA.keywords, Literal(technology)))
        for key, scheme_name in (("area", "area"), ("transformation_type", "transformation_type")):
            text = label(scheme_name, dataset_dict.get(key), lang)
            if text:
                about = BNode()
                g.add((about, RDF.type, SCHEMA.DefinedTerm))
                g.add((about, SCHEMA.name, Literal(text, lang=lang)))
                g.add((about, SCHEMA.inDefinedTermSet, Literal(str(uris.scheme(scheme_name)))))
                g.add((dataset_ref, SCHEMA.about, about))
        phase = label("phase", dataset_dict.get("phase"), lang)
        if phase:
            g.add((dataset_ref, SCHEMA.creativeWorkStatus, Literal(phase, lang=lang)))
        self._texts(dataset_ref, dataset_dict)
        self._dates(dataset_ref, dataset_dict)
        self._body(dataset_ref, dataset_dict)
        original = model.Package.get(dataset_dict["replicated_from"]) if dataset_dict.get("replicated_from") else None
        if original is not None and original.state == "active" and not original.private:
            g.add((dataset_ref, SCHEMA.isBasedOn, Literal(f"{uris.base()}/{PROJECT_TYPE}/{original.name}")))

    def _texts(self, ref: URIRef, project: dict[str, Any]) -> None:
        """Name and description of the project and of its documentation in every version. A
        page's dict holds the reader's version in the plain fields (before_dataset_view): the
        originals are read from the stored record."""
        original = translated.original_language(project)
        stored = model.Package.get(project["id"])
        texts = {"title": stored.title, "notes": stored.notes} if stored is not None else {}
        self._versions(ref, {**project, **texts}, (("title", SCHEMA.name), ("notes", SCHEMA.description)), original)
        for resource in project.get("resources") or []:
            stored_resource = model.Resource.get(resource.get("id") or "")
            texts = {"name": stored_resource.name, "description": stored_resource.description} \
                if stored_resource is not None else {}
            self._versions(URIRef(resource_uri(resource)), {**resource, **texts},
                           (("name", SCHEMA.name), ("description", SCHEMA.description)), original)

    def _versions(self, subject: URIRef, item: dict[str, Any], texts: tuple[tuple[str, URIRef], ...],
                  original: str | None) -> None:
        for key, predicate in texts:
            self.g.remove((subject, predicate, None))
            for text, tag in translated.tagged(item, key, original):
                self.g.add((subject, predicate, Literal(text, lang=tag)))

    def _dates(self, ref: URIRef, project: dict[str, Any]) -> None:
        start, end = project.get("start_year"), project.get("end_year")
        if start not in (None, ""):
            self.g.add((ref, SCHEMA.temporalCoverage, Literal(f"{start}/{end if end not in (None, '') else '..'}")))
            self.g.add((ref, SCHEMA.startDate, Literal(str(start))))
        if end not in (None, ""):
            self.g.add((ref, SCHEMA.endDate, Literal(str(end))))

    def _body(self, ref: URIRef, project: dict[str, Any]) -> None:
        body = bodies.facts(project.get("owner_org") or "")
        if body is None:
            return
        g = self.g
        organization = uris.local_body(body["id"])
        g.add((organization, RDF.type, SCHEMA.GovernmentOrganization))
        g.add((organization, SCHEMA.name, Literal(body["title"])))
        if body.get("website"):
            g.add((organization, SCHEMA.url, Literal(body["website"])))
        contact = BNode()
        g.add((contact, RDF.type, SCHEMA.ContactPoint))
        g.add((contact, SCHEMA.contactType, Literal("customer service")))
        g.add((contact, SCHEMA.url, Literal(str(uris.contact_form(project["id"])))))
        g.add((organization, SCHEMA.contactPoint, contact))
        address = BNode()
        g.add((address, RDF.type, SCHEMA.PostalAddress))
        for key, predicate in (("comarca", SCHEMA.addressLocality), ("province", SCHEMA.addressRegion),
                               ("country", SCHEMA.addressCountry)):
            if body.get(key):
                g.add((address, predicate, Literal(body[key])))
        g.add((organization, SCHEMA.address, address))
        g.add((ref, SCHEMA.publisher, organization))
        g.add((ref, SCHEMA.creator, organization))
        if body.get("latitude") not in (None, "") and body.get("longitude") not in (None, ""):
            place, geo = BNode(), BNode()
            g.add((place, RDF.type, SCHEMA.Place))
            g.add((place, SCHEMA.name, Literal(body["title"])))
            g.add((geo, RDF.type, SCHEMA.GeoCoordinates))
            g.add((geo, SCHEMA.latitude, Literal(float(body["latitude"]))))
            g.add((geo, SCHEMA.longitude, Literal(float(body["longitude"]))))
            g.add((place, SCHEMA.geo, geo))
            g.add((ref, SCHEMA.spatialCoverage, place))
            g.add((organization, SCHEMA.location, place))
