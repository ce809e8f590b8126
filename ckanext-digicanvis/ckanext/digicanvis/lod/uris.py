"""The IRIs the observatory mints. They are built from ids, never from names or titles, so
they do not change when a project or a body is renamed, and they resolve to the site's pages
(``/project/<id>`` and ``/organization/<id>`` work with ids)."""

from __future__ import annotations

from rdflib import Namespace, URIRef

import ckan.plugins.toolkit as tk
from ckanext.dcat.utils import catalog_uri

# EU authority tables (publications.europa.eu) the profile points to.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGE = Namespace(EU_AUTHORITY + "language/")
EU_COUNTRY = Namespace(EU_AUTHORITY + "country/")
EU_DATA_THEME = Namespace(EU_AUTHORITY + "data-theme/")
EU_FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
# How datos.gob.es names Spanish public bodies (DIR3 codes); a council is L01 + its INE code.
DATOS_GOB_ES_BODY = "http://datos.gob.es/recurso/sector-publico/org/Organismo/"
LICENCES = {"CC-BY-4.0": "http://creativecommons.org/licenses/by/4.0/"}


def base() -> str:
    """The site's base IRI: ``ckanext.dcat.base_uri``, else ``ckan.site_url``."""
    return catalog_uri().rstrip("/")


def namespace() -> Namespace:
    """The observatory's own vocabulary (``ckanext.digicanvis.lod.namespace``, else ``<base>/ns#``)."""
    configured = tk.config.get("ckanext.digicanvis.lod.namespace")
    return Namespace(configured or f"{base()}/ns#")


def project(project_id: str) -> URIRef:
    return URIRef(f"{base()}/project/{project_id}")


def published_project(project_id: str, guid: str | None) -> URIRef:
    """The IRI a project is published under: a project harvested from RDF keeps the IRI it
    came with (its harvest guid), so observatories harvesting each other recognise their own
    projects instead of copying them back; any other project gets this site's IRI."""
    if guid and guid.startswith(("http://", "https://")):
        return URIRef(guid)
    return project(project_id)


def is_own_project(iri: str) -> bool:
    return iri.startswith(f"{base()}/project/")


def local_body(organization_id: str) -> URIRef:
    return URIRef(f"{base()}/organization/{organization_id}")


def place_of(body: URIRef) -> URIRef:
    return URIRef(f"{body}#place")


def scheme(name: str) -> URIRef:
    return URIRef(f"{base()}/vocab/{name}")


def concept(scheme_name: str, slug: str) -> URIRef:
    return URIRef(f"{scheme(scheme_name)}#{slug}")


def catalog_record(dataset: URIRef) -> URIRef:
    return URIRef(f"{dataset}#record")


def contact_form(project_id: str) -> URIRef:
    """The project page's "work with the team" section, where anyone may write to the team."""
    return URIRef(f"{base()}/project/{project_id}#work-with-the-team")


def dir3_code(ine_code_with_check_digit: str | None) -> str | None:
    """The DIR3 code of a Spanish council: ``L01`` + the six-digit INE code (the five digits and
    the check digit, which is the Idescat code in Catalonia): Barcelona 080193 → L01080193."""
    code = ine_code_with_check_digit or ""
    return f"L01{code}" if len(code) == 6 and code.isdigit() else None


def metadata_licence() -> URIRef:
    configured = tk.config.get("ckanext.digicanvis.lod.metadata_licence") or "CC-BY-4.0"
    return URIRef(LICENCES.get(configured, configured))
