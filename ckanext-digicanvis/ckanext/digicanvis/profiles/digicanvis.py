"""The ``digicanvis`` RDF profile: every public field of the project file in DCAT-AP 3.

It runs after ckanext-dcat's ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
digicanvis``), which writes the dataset and its distributions; this profile states again what
that one writes in a way the DCAT-AP 3.0.1 shapes refuse (dct:language as a literal, dct:format
as a literal, a publisher IRI without a class) and adds the rest: DCAT-AP properties where one
fits, the observatory's own vocabulary (lod/ontology.py) elsewhere, and concepts of the SKOS
schemes (lod/skos.py) for coded values.

Texts with versions in Catalan, Spanish and English (logic/translated.py) are one literal per
version, tagged with its language; the original of a record in another language is untagged.

Contact points never carry an e-mail or a phone: only contacts marked public, by name and role,
with the project page's contact form as their URL, whatever the reader may otherwise see.

``parse_dataset`` reads the same graph back into a project dict (the RDF harvester's input),
and what maps from foreign DCAT-AP, DCAT-AP-ES and ADMS-AP records. A record's original
language is the first ``dct:language`` it is written in, else none if its title is untagged
(``other``), else the site's default language, else Catalan, Spanish or English; the
texts in that language fill the plain fields and every ca/es/en version the ``*_translated``
ones.
"""

from __future__ import annotations

import mimetypes
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

from rdflib import OWL, RDF, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, PROV, SKOS

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.profiles import RDFProfile
from ckanext.dcat.utils import resource_uri

from ckanext.digicanvis.lod import bodies, skos, uris
from ckanext.digicanvis.lod.ontology import term
from ckanext.digicanvis.logic import contacts as project_contacts
from ckanext.digicanvis.logic import translated, vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, json_list

ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = Namespace(uris.EU_AUTHORITY + "file-type/")
FILE_TYPE_SCHEME = URIRef(uris.EU_AUTHORITY + "file-type")
LANGUAGE_SCHEME = URIRef(uris.EU_AUTHORITY + "language")
DATA_THEME_SCHEME = URIRef(uris.EU_AUTHORITY + "data-theme")
RECORD_LANGUAGES = translated.LANGUAGES
DCAT_AP_3 = URIRef("https://semiceu.github.io/DCAT-AP/releases/3.0.1/")
# ISO 639-1 codes and the EU language table's codes for the languages projects are written in.
EU_LANGUAGE_CODES = {"ca": "CAT", "es": "SPA", "en": "ENG", "fr": "FRA", "it": "ITA", "de": "DEU", "pt": "POR",
                     "nl": "NLD", "oc": "OCI", "eu": "EUS", "gl": "GLG", "fi": "FIN", "sv": "SWE", "da": "DAN",
                     "et": "EST", "pl": "POL", "el": "ELL"}
# Media types of documentation links and their code in the EU file-type table.
FILE_TYPES = {"text/html": "HTML", "application/pdf": "PDF", "video/mp4": "MP4", "image/png": "PNG",
              "image/jpeg": "JPEG", "text/csv": "CSV", "application/json": "JSON", "application/xml": "XML",
              "application/zip": "ZIP", "application/msword": "DOC", "application/vnd.ms-powerpoint": "PPT",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
              "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
              "application/vnd.oasis.opendocument.text": "ODT",
              "application/vnd.oasis.opendocument.presentation": "ODP"}
# What euro_dcat_ap_3 writes that this profile states in its own way.
RESTATED = (DCT.title, DCT.description, DCT.language, DCT.publisher, DCAT.contactPoint, DCAT.keyword,
            DCAT.landingPage, DCAT.theme, DCT.type, DCT.temporal, DCT.spatial, OWL.versionInfo, DCAT.version)
# Translatable texts (logic/translated.py) and their properties: a DCAT term, or the name of
# one of the observatory's own (its namespace is configured).
PROJECT_TEXTS = (("title", DCT.title), ("notes", DCT.description), ("value_proposition", "valueProposition"),
                 ("barriers", "barriers"), ("benefits", "benefits"))
RESOURCE_TEXTS = (("name", DCT.title), ("description", DCT.description))
SAVING_TEXTS = (("method", "measurementMethod"),)
# English labels of the EU data themes the areas correspond to (the authority table's own).
DATA_THEME_LABELS = {"GOVE": "Government and public sector", "SOCI": "Population and society",
                     "TECH": "Science and technology", "REGI": "Regions and cities"}


def eu_language(code: str | None) -> URIRef | None:
    eu = EU_LANGUAGE_CODES.get((code or "").strip().lower())
    return uris.EU_LANGUAGE[eu] if eu else None


def language_code(ref: Any) -> str | None:
    """``ca`` for the EU language table's CAT (and so on), for an ISO 639-1 code such as ``es``
    or ``es-ES`` (a literal, or the end of an IRI); None for anything else."""
    tail = str(ref).strip().rstrip("/").rsplit("/", 1)[-1]
    eu = next((iso for iso, code in EU_LANGUAGE_CODES.items() if code == tail.upper()), None)
    iso = tail.split("-", 1)[0].lower()
    return eu or (iso if len(iso) == 2 and iso.isalpha() else None)


def tag_language(value: Any) -> str | None:
    """A literal's language as a primary subtag (``es`` for ``es-ES``); None when untagged."""
    tag = value.language if isinstance(value, Literal) else None
    return tag.split("-", 1)[0].lower() if tag else None


def media_type(resource: dict[str, Any]) -> str:
    """The resource's media type: as stored, else guessed from its address (a web page if none)."""
    if resource.get("mimetype"):
        return resource["mimetype"]
    guessed, _ = mimetypes.guess_type(urlsplit(resource.get("url") or "").path)
    return guessed or "text/html"


def iri(url: str) -> URIRef:
    """A link as an IRI, escaping only what IRIs cannot hold: ckanext-dcat also escapes
    characters IRIs allow (``,;()!*'$``), which changed the links read back."""
    return URIRef("".join(quote(char) if char in ' "<>{}|\\^`' else char for char in url.strip()))


def decimal_text(value: Any) -> str:
    """A number as an xsd:decimal lexical form (``120``, ``12.5``)."""
    return format(Decimal(str(value)).normalize(), "f")


class DigicanvisProfile(RDFProfile):
    """DCAT-AP 3 for the DigiCanvis project file (see the module's docstring)."""

    # Writing ---------------------------------------------------------------------------

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        if dataset_dict.get("type") != PROJECT_TYPE:
            return
        g = self.g
        for prefix, namespace in (("dgc", uris.namespace()), ("prov", PROV), ("vcard", VCARD),
                                  ("adms", ADMS), ("skos", SKOS), ("schema", SCHEMA)):
            g.bind(prefix, namespace)
        for predicate in RESTATED:
            g.remove((dataset_ref, predicate, None))
        g.add((dataset_ref, RDF.type, term("Project")))
        # Parts of the record (contacts, savings, period, catalogue record) are this site's,
        # under its own IRI even when the project is published under the IRI it was harvested with.
        self._local = uris.project(dataset_dict["id"])
        lang = translated.original_language(dataset_dict)

        self._texts(dataset_ref, dataset_dict, lang)
        self._languages(dataset_ref, lang)
        self._bodies(dataset_ref, dataset_dict)
        self._contact_points(dataset_ref, dataset_dict)
        self._classification(dataset_ref, dataset_dict)
        self._keywords_and_lists(dataset_ref, dataset_dict, lang)
        self._temporal(dataset_ref, dataset_dict)
        self._savings(dataset_ref, dataset_dict, lang)
        self._lineage(dataset_ref, dataset_dict)
        self._distributions(dataset_dict, lang)
        self._catalog_record(dataset_ref, dataset_dict)

        landing = URIRef(f"{uris.base()}/{PROJECT_TYPE}/{dataset_dict['name']}")
        g.add((dataset_ref, DCAT.landingPage, landing))
        g.add((landing, RDF.type, FOAF.Document))
        g.add((dataset_ref, term("urlName"), Literal(dataset_dict["name"])))

    def _text(self, subject: URIRef, predicate: URIRef, value: Any, lang: str | None) -> None:
        if value not in (None, ""):
            self.g.add((subject, predicate, Literal(str(value), lang=lang)))

    def _versions(self, subject: URIRef, predicate: URIRef | str, item: dict[str, Any], field_name: str,
                  lang: str | None) -> None:
        """Every version of a translatable text of ``item`` (the project, a documentation
        link, a saving), tagged with its language; an original in another language untagged."""
        predicate = predicate if isinstance(predicate, URIRef) else term(predicate)
        for text, tag in translated.tagged(item, field_name, lang):
            self.g.add((subject, predicate, Literal(text, lang=tag)))

    def _texts(self, ref: URIRef, project: dict[str, Any], lang: str | None) -> None:
        for key, predicate in PROJECT_TEXTS:
            self._versions(ref, predicate, project, key, lang)
        self._text(ref, term("funding"), project.get("funding"), lang)
        if project.get("cost") not in (None, ""):
            self.g.add((ref, term("cost"), Literal(decimal_text(project["cost"]), datatype=XSD.decimal)))

    def _language_node(self, code: str | None) -> URIRef | None:
        ref = eu_language(code)
        if ref is not None:
            self.g.add((ref, RDF.type, DCT.LinguisticSystem))
            self.g.add((ref, SKOS.inScheme, LANGUAGE_SCHEME))
        return ref

    def _languages(self, ref: URIRef, lang: str | None) -> None:
        node = self._language_node(lang)
        if node is not None:
            self.g.add((ref, DCT.language, node))

    def _bodies(self, ref: URIRef, project: dict[str, Any]) -> None:
        publisher = bodies.add_body(self.g, project["owner_org"]) if project.get("owner_org") else None
        if publisher is not None:
            self.g.add((ref, DCT.publisher, publisher))
            for place in self.g.objects(publisher, DCT.spatial):
                self.g.add((ref, DCT.spatial, place))
        for name in json_list(project.get("partner_bodies")):
            group = model.Group.get(name)
            partner = bodies.add_body(self.g, group.id) if group is not None else None
            if partner is not None:
                self.g.add((ref, term("partnerBody"), partner))

    def _contact_points(self, ref: URIRef, project: dict[str, Any]) -> None:
        """Public contacts by name and role; the team's contact form as their URL. Without
        public contacts, the leading body reached through the same form."""
        form = uris.contact_form(project["id"])
        public = project_contacts.public_view(project_contacts.as_list(project.get("contacts")))
        for position, contact in enumerate(public, start=1):
            node = URIRef(f"{self._local}#contact-{position}")
            self.g.add((ref, DCAT.contactPoint, node))
            self.g.add((node, RDF.type, VCARD.Kind))
            self.g.add((node, RDF.type, VCARD.Individual))
            self.g.add((node, VCARD.fn, Literal(contact["name"])))
            if contact.get("role"):
                self.g.add((node, VCARD.role, Literal(contact["role"])))
            self.g.add((node, VCARD.hasURL, form))
            self.g.add((node, SCHEMA.position, Literal(position)))
        if not public:
            node = URIRef(f"{self._local}#contact-team")
            self.g.add((ref, DCAT.contactPoint, node))
            self.g.add((node, RDF.type, VCARD.Kind))
            self.g.add((node, RDF.type, VCARD.Organization))
            organization = (project.get("organization") or {}).get("title") or tk.config.get("ckan.site_title")
            self.g.add((node, VCARD.fn, Literal(organization)))
            self.g.add((node, VCARD.hasURL, form))

    def _concept(self, scheme_name: str, code: Any) -> URIRef | None:
        concept = vocabularies.scheme(scheme_name).concept(code)
        return skos.add_concept(self.g, scheme_name, concept) if concept else None

    def _classification(self, ref: URIRef, project: dict[str, Any]) -> None:
        for key, scheme_name, predicates in (
            ("area", "area", (DCAT.theme, term("area"))),
            ("transformation_type", "transformation_type", (DCT.type, term("transformationType"))),
            ("phase", "phase", (ADMS.status, term("phase"))),
            ("maturity_level", "maturity_level", (term("maturityLevel"),)),
        ):
            concept = self._concept(scheme_name, project.get(key))
            for predicate in predicates if concept is not None else ():
                self.g.add((ref, predicate, concept))
        # The EU data themes the area corresponds to, for portals that only know those.
        area = vocabularies.scheme("area").concept(project.get("area"))
        for theme in (area.exact_match + area.close_match) if area else ():
            code = theme.rsplit("/", 1)[-1]
            if theme.startswith(str(uris.EU_DATA_THEME)) and code in DATA_THEME_LABELS:
                self.g.add((ref, DCAT.theme, URIRef(theme)))
                self.g.add((URIRef(theme), RDF.type, SKOS.Concept))
                self.g.add((URIRef(theme), SKOS.prefLabel, Literal(DATA_THEME_LABELS[code], lang="en")))
                self.g.add((URIRef(theme), SKOS.inScheme, DATA_THEME_SCHEME))
                self._data_theme_scheme()

    def _keywords_and_lists(self, ref: URIRef, project: dict[str, Any], lang: str | None) -> None:
        for technology in json_list(project.get("technologies")):
            self.g.add((ref, DCAT.keyword, Literal(technology, lang=lang)))
            concept = self._concept("technologies", technology)
            if concept is not None:
                self.g.add((ref, term("technology"), concept))
        for methodology in json_list(project.get("methodologies")):
            self._text(ref, term("methodology"), methodology, lang)
        for tool in json_list(project.get("tools")):
            self.g.add((ref, term("tool"), Literal(tool)))

    def _temporal(self, ref: URIRef, project: dict[str, Any]) -> None:
        start, end = project.get("start_year"), project.get("end_year")
        if start in (None, "") and end in (None, ""):
            return
        period = URIRef(f"{self._local}#period")
        self.g.add((ref, DCT.temporal, period))
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        for value, predicate in ((start, DCAT.startDate), (end, DCAT.endDate)):
            if value not in (None, ""):
                self.g.add((period, predicate, Literal(f"{int(value):04d}", datatype=XSD.gYear)))

    def _savings(self, ref: URIRef, project: dict[str, Any], lang: str | None) -> None:
        for position, saving in enumerate(json_list(project.get("savings")), start=1):
            node = URIRef(f"{self._local}#saving-{position}")
            self.g.add((ref, term("saving"), node))
            self.g.add((node, RDF.type, term("Saving")))
            self.g.add((node, SCHEMA.position, Literal(position)))
            kind = self._concept("saving_kind", saving.get("kind"))
            if kind is not None:
                self.g.add((node, term("savingKind"), kind))
            period = self._concept("saving_period", saving.get("period"))
            if period is not None:
                self.g.add((node, term("period"), period))
            if saving.get("amount") not in (None, ""):
                self.g.add((node, term("amount"), Literal(decimal_text(saving["amount"]), datatype=XSD.decimal)))
            if saving.get("unit"):
                self.g.add((node, term("unit"), Literal(saving["unit"])))
            for key, predicate in SAVING_TEXTS:
                self._versions(node, predicate, saving, key, lang)

    def _lineage(self, ref: URIRef, project: dict[str, Any]) -> None:
        original = model.Package.get(project["replicated_from"]) if project.get("replicated_from") else None
        if original is None or original.state != "active" or original.private:
            return
        original_ref = uris.published_project(original.id, (original.extras or {}).get("guid"))
        self.g.add((ref, PROV.wasDerivedFrom, original_ref))
        self.g.add((ref, DCT.relation, original_ref))
        # Its URL name, so that a harvester that has not seen it yet can still name it.
        self.g.add((original_ref, term("urlName"), Literal(original.name)))

    def _distributions(self, project: dict[str, Any], lang: str | None) -> None:
        for position, resource in enumerate(project.get("resources") or [], start=1):
            node = URIRef(resource_uri({**resource, "package_id": project["id"]}))
            for predicate in (DCT.format, DCAT.mediaType, DCT.language, DCT.title, DCT.description,
                              DCAT.accessURL, DCAT.downloadURL):
                self.g.remove((node, predicate, None))
            if resource.get("url"):
                self.g.add((node, DCAT.accessURL, iri(resource["url"])))
            for key, predicate in RESOURCE_TEXTS:
                self._versions(node, predicate, resource, key, lang)
            self.g.add((node, SCHEMA.position, Literal(position)))
            kind = self._concept("documentation_kind", resource.get("resource_type"))
            if kind is not None:
                self.g.add((node, term("documentationKind"), kind))
            media = URIRef(IANA + media_type(resource))
            self.g.add((node, DCAT.mediaType, media))
            self.g.add((media, RDF.type, DCT.MediaType))
            file_type = (resource.get("format") or "").strip().upper()
            if file_type in FILE_TYPES.values():
                self.g.add((node, DCT.format, FILE_TYPE[file_type]))
                self.g.add((FILE_TYPE[file_type], RDF.type, DCT.MediaTypeOrExtent))
                self.g.add((FILE_TYPE[file_type], SKOS.inScheme, FILE_TYPE_SCHEME))
            if resource.get("language"):
                language = self._language_node(resource["language"])
                if language is not None:
                    self.g.add((node, DCT.language, language))
                else:
                    self.g.add((node, term("resourceLanguage"), Literal(resource["language"])))

    def _operator(self) -> URIRef:
        operator = URIRef(f"{uris.base()}/#operator")
        self.g.add((operator, RDF.type, FOAF.Agent))
        self.g.add((operator, FOAF.name, Literal(tk.config["ckanext.digicanvis.operator.name"])))
        if tk.config.get("ckanext.digicanvis.operator.url"):
            homepage = URIRef(tk.config["ckanext.digicanvis.operator.url"])
            self.g.add((operator, FOAF.homepage, homepage))
            self.g.add((homepage, RDF.type, FOAF.Document))
        return operator

    def _licence(self) -> URIRef:
        licence = uris.metadata_licence()
        self.g.add((licence, RDF.type, DCT.LicenseDocument))
        return licence

    def _catalog_record(self, ref: URIRef, project: dict[str, Any]) -> None:
        record = uris.catalog_record(self._local)
        self.g.add((record, RDF.type, DCAT.CatalogRecord))
        self.g.add((record, FOAF.primaryTopic, ref))
        for key, predicate in (("metadata_created", DCT.issued), ("metadata_modified", DCT.modified)):
            if project.get(key):
                self._add_date_triple(record, predicate, project[key])
        self.g.add((record, DCT.license, self._licence()))
        self.g.add((record, DCT.conformsTo, DCAT_AP_3))
        self.g.add((DCAT_AP_3, RDF.type, DCT.Standard))
        self.g.add((record, DCT.publisher, self._operator()))
        for catalog in self.g.subjects(RDF.type, DCAT.Catalog):
            self.g.add((catalog, DCAT.record, record))

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: URIRef) -> None:
        g = self.g
        g.bind("dgc", uris.namespace())
        for predicate in (DCT.language, FOAF.homepage):
            g.remove((catalog_ref, predicate, None))
        for code in tk.config.get("ckan.locales_offered") or [tk.config.get("ckan.locale_default")]:
            language = self._language_node(code)
            if language is not None:
                g.add((catalog_ref, DCT.language, language))
        if g.value(catalog_ref, DCT.description) is None:  # mandatory in DCAT-AP; the site may have none
            g.add((catalog_ref, DCT.description, Literal(tk.config.get("ckan.site_title") or "DigiCanvis")))
        homepage = URIRef(tk.config["ckan.site_url"].rstrip("/") + "/")
        g.add((catalog_ref, FOAF.homepage, homepage))
        g.add((homepage, RDF.type, FOAF.Document))
        g.add((catalog_ref, DCT.publisher, self._operator()))
        g.add((catalog_ref, DCT.license, self._licence()))
        for scheme_name in ("area", "transformation_type", "phase", "maturity_level", "technologies"):
            g.add((catalog_ref, DCAT.themeTaxonomy, skos.add_scheme_header(g, scheme_name)))
        g.add((catalog_ref, DCAT.themeTaxonomy, self._data_theme_scheme()))

    def _data_theme_scheme(self) -> URIRef:
        self.g.add((DATA_THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.g.add((DATA_THEME_SCHEME, DCT.title, Literal("Data theme", lang="en")))
        return DATA_THEME_SCHEME

    # Reading ---------------------------------------------------------------------------

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> dict[str, Any]:
        """A project dict from a DigiCanvis record or a foreign DCAT-AP / ADMS-AP one.

        What this site must decide (the local body, a replicated project's local name) is left
        as IRIs under ``__digicanvis`` for the harvester to resolve; what a foreign record
        lacks stays missing, for the harvest source's defaults.
        """
        g = self.g
        lang = self._record_language(dataset_ref)
        resources = dataset_dict.get("resources") or []
        project: dict[str, Any] = {
            "type": PROJECT_TYPE,
            "language": lang if lang in RECORD_LANGUAGES else "other",
            "extras": [extra for extra in dataset_dict.get("extras", []) if extra["key"] == "uri"],
        }
        self._parse_versions(project, dataset_ref, PROJECT_TEXTS, lang)
        project["title"] = project.get("title") or dataset_dict.get("title") or ""
        project["notes"] = project.get("notes") or dataset_dict.get("notes") or ""
        name = self._literal(dataset_ref, term("urlName"))
        if name:
            project["name"] = name
        elif not project["title"]:
            project["name"] = "record-without-title"  # the import reports it; the gather needs a name
        funding = self._literal(dataset_ref, term("funding"), lang)
        if funding is not None:
            project["funding"] = funding
        cost = self._number(g.value(dataset_ref, term("cost")))
        if cost is not None:
            project["cost"] = cost
        project.update(self._parse_classification(dataset_ref))
        project.update(self._parse_years(dataset_ref))
        project["technologies"] = self._parse_technologies(dataset_ref)
        project["methodologies"] = sorted(str(v) for v in g.objects(dataset_ref, term("methodology")))
        project["tools"] = sorted(str(v) for v in g.objects(dataset_ref, term("tool")))
        project["savings"] = self._parse_savings(dataset_ref, lang)
        project["contacts"] = self._parse_contacts(dataset_ref)
        project["resources"] = self._parse_resources(dataset_ref, resources, lang)
        project["__digicanvis"] = {
            "digicanvis_record": (dataset_ref, RDF.type, term("Project")) in g,
            "publisher": self._parse_agent(g.value(dataset_ref, DCT.publisher)),
            "partners": [self._parse_agent(ref) for ref in g.objects(dataset_ref, term("partnerBody"))],
            "replicated_from": self._parse_original(dataset_ref),
            "landing_page": str(g.value(dataset_ref, DCAT.landingPage) or "") or None,
            "is_version_of": [str(v) for v in g.objects(dataset_ref, DCT.isVersionOf)],
        }
        dataset_dict.clear()
        dataset_dict.update(project)
        return dataset_dict

    def _record_language(self, ref: URIRef) -> str | None:
        """The language of the record's original (an ISO 639-1 code; None when unknown): the
        first ``dct:language`` (document order) it is written in, else unknown if its title is
        untagged, else the site's default language, else ca, es or en. "Written in": a title in
        that language, and a description too when the record describes itself in a language
        it has a title in."""
        titles = [value for value in self.g.objects(ref, DCT.title) if isinstance(value, Literal)]
        written = {tag_language(title) for title in titles}
        described = {tag_language(text) for text in self.g.objects(ref, DCT.description) if isinstance(text, Literal)}
        written = written & described or written
        for value in self.g.objects(ref, DCT.language):
            code = language_code(value)
            if code and (not titles or code in written or None in written):
                return code
        if None in written:
            return None
        preferred = (tk.config.get("ckan.locale_default"), *RECORD_LANGUAGES)
        return next((code for code in preferred if code in written), None)

    def _literal(self, subject: Any, predicate: URIRef, lang: str | None = None) -> str | None:
        """The value in ``lang`` if there is one, else an untagged one, else any."""
        values = [v for v in self.g.objects(subject, predicate) if isinstance(v, Literal)]
        for wanted in (lang, None):
            for value in values:
                if tag_language(value) == wanted:
                    return str(value)
        return str(values[0]) if values else None

    def _parse_versions(self, item: dict[str, Any], subject: Any, texts: Iterable[tuple[str, Any]],
                        lang: str | None) -> None:
        """Translatable texts of ``subject`` into ``item``: each plain field gets the original
        (the text in ``lang``, else the untagged one, else any) and ``*_translated`` every
        version in ca/es/en, by language tag."""
        for key, predicate in texts:
            predicate = predicate if isinstance(predicate, URIRef) else term(predicate)
            original = self._literal(subject, predicate, lang)
            if original is None:
                continue
            item[key] = original
            versions: dict[str, str] = {}
            for value in self.g.objects(subject, predicate):
                if tag_language(value) in RECORD_LANGUAGES:
                    versions.setdefault(tag_language(value), str(value))
            if versions:
                item[translated.translated_name(key)] = versions

    @staticmethod
    def _number(value: Any) -> str | None:
        if value is None:
            return None
        try:
            return decimal_text(str(value))
        except InvalidOperation:
            return None

    def _parse_classification(self, ref: URIRef) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, scheme_name, predicates in (
            ("area", "area", (term("area"), DCAT.theme)),
            ("transformation_type", "transformation_type", (term("transformationType"), DCT.type)),
            ("phase", "phase", (term("phase"), ADMS.status)),
            ("maturity_level", "maturity_level", (term("maturityLevel"),)),
        ):
            for predicate in predicates:
                codes = [skos.code_of(self.g, value, scheme_name) for value in self.g.objects(ref, predicate)]
                code = next((c for c in codes if c), None)
                if code:
                    found[key] = code
                    break
        if "phase" not in found:
            status = self.g.value(ref, ADMS.status)
            phase = self._phase_from_status(status) if status is not None else None
            if phase:
                found["phase"] = phase
        return found

    def _phase_from_status(self, status: Any) -> str | None:
        """A phase from a foreign status: an ADMS / EU status IRI our phases match, or a label."""
        for concept in vocabularies.scheme("phase").concepts:
            if str(status) in concept.exact_match:
                return concept.code
        for concept in vocabularies.scheme("phase").concepts:
            if str(status) in concept.close_match:
                return concept.code
        labels = [str(status).rsplit("/", 1)[-1]] + [str(label) for label in self.g.objects(status, SKOS.prefLabel)]
        return next((phase for phase in map(vocabularies.phase_for_ipsx_status, labels) if phase), None)

    def _parse_years(self, ref: URIRef) -> dict[str, int]:
        """Start and end years from a period in DCAT, W3C Time or schema.org terms."""
        years: dict[str, int] = {}
        for key, value in zip(("start_year", "end_year"), self._time_interval(ref, DCT.temporal, dcat_ap_version=2)):
            if value and str(value)[:4].isdigit():
                years[key] = int(str(value)[:4])
        return years

    def _parse_technologies(self, ref: URIRef) -> list[str]:
        found = {skos.code_of(self.g, concept, "technologies") for concept in self.g.objects(ref, term("technology"))}
        keywords = {vocabularies.canonical_spelling("technologies", str(k)) for k in self.g.objects(ref, DCAT.keyword)}
        return sorted((found | keywords) - {None, ""})

    def _ordered(self, nodes: Iterable[Any]) -> list[Any]:
        return sorted(nodes, key=lambda node: (int(self.g.value(node, SCHEMA.position) or 0), str(node)))

    def _parse_savings(self, ref: URIRef, lang: str | None) -> list[dict[str, Any]]:
        savings = []
        for node in self._ordered(self.g.objects(ref, term("saving"))):
            saving = {"kind": skos.code_of(self.g, self.g.value(node, term("savingKind")), "saving_kind"),
                      "amount": self._number(self.g.value(node, term("amount")))}
            period = self.g.value(node, term("period"))
            if period is not None:
                saving["period"] = skos.code_of(self.g, period, "saving_period")
            if self.g.value(node, term("unit")) is not None:
                saving["unit"] = str(self.g.value(node, term("unit")))
            self._parse_versions(saving, node, SAVING_TEXTS, lang)
            savings.append(saving)
        return savings

    def _parse_contacts(self, ref: URIRef) -> list[dict[str, Any]]:
        """Named people are public contacts (name and role); never an address or a phone."""
        people = [node for node in self.g.objects(ref, DCAT.contactPoint)
                  if (node, RDF.type, VCARD.Individual) in self.g and self.g.value(node, VCARD.fn)]
        return [{"name": str(self.g.value(node, VCARD.fn)), "role": str(self.g.value(node, VCARD.role) or ""),
                 "public": "yes"} for node in self._ordered(people)]

    def _parse_resources(self, ref: URIRef, parsed: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
        by_node = {resource.get("distribution_ref"): resource for resource in parsed}
        resources = []
        for node in self._ordered(self.g.objects(ref, DCAT.distribution)):
            base = by_node.get(str(node), {})
            url = base.get("url") or str(self.g.value(node, DCAT.accessURL) or "")
            if not url:
                continue
            kind = self.g.value(node, term("documentationKind"))
            resource = {"url": url, "name": "", "description": "",
                        "resource_type": (skos.code_of(self.g, kind, "documentation_kind") if kind is not None else None)
                        or "document"}
            self._parse_versions(resource, node, RESOURCE_TEXTS, lang)
            file_type = self.g.value(node, DCT.format)
            if file_type is not None and str(file_type).startswith(str(FILE_TYPE)):
                resource["format"] = str(file_type).rsplit("/", 1)[-1]
            language = self.g.value(node, DCT.language)
            note = self.g.value(node, term("resourceLanguage"))
            if language is not None and language_code(language):
                resource["language"] = language_code(language)
            elif note is not None:
                resource["language"] = str(note)
            resources.append(resource)
        return resources

    def _parse_agent(self, ref: Any) -> dict[str, Any] | None:
        """What identifies a body: its IRI, URL name, name, INE/DIR3 codes, and its place."""
        if ref is None:
            return None
        g = self.g
        codes = {str(g.value(identifier, SKOS.notation)) for identifier in g.objects(ref, ADMS.identifier)
                 if g.value(identifier, SKOS.notation) is not None}
        codes |= {str(value) for value in g.objects(ref, DCT.identifier)}
        codes |= {str(value).rsplit("/", 1)[-1] for value in g.objects(ref, OWL.sameAs)}
        if str(ref).startswith(uris.DATOS_GOB_ES_BODY):
            codes.add(str(ref).rsplit("/", 1)[-1])
        return {
            "uri": str(ref),
            "nick": str(g.value(ref, FOAF.nick) or "") or None,
            "name": self._literal(ref, FOAF.name) or self._literal(ref, SKOS.prefLabel)
            or self._literal(ref, VCARD["organization-name"]) or self._literal(ref, VCARD.fn),
            "codes": sorted(codes),
            "homepage": str(g.value(ref, FOAF.homepage) or "") or None,
        }

    def _parse_original(self, ref: URIRef) -> dict[str, Any] | None:
        original = self.g.value(ref, PROV.wasDerivedFrom)
        if original is None:
            return None
        return {"uri": str(original), "name": self._literal(original, term("urlName"))}
