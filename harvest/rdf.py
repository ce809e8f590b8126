"""The RDF harvester (plugin ``digicanvis_rdf_harvester``, source type ``digicanvis_rdf``):
ckanext-dcat's DCAT RDF harvester with the ``digicanvis`` profile, for another DigiCanvis
observatory, a council's DCAT-AP 3 or DCAT-AP-ES catalogue, or Joinup's ADMS-AP solutions.

- Fetching is :mod:`ckanext.digicanvis.harvest.fetch`'s (timeouts, size cap, no private
  addresses): ``update_session`` hands ckanext-dcat that session and ``before_download``
  refuses what it would not fetch (ckanext-dcat would read a source URL that does not start
  with http as a local file). These hooks serve every DCAT RDF harvester of the site.
- RDF/XML with entity declarations is refused before parsing; JSON-LD never fetches a remote
  context (lod/safe_parsing.py).
- ADMS-AP releases (``dct:isVersionOf`` a solution in the same graph) are folded into their
  solution: their distributions become its documentation, not projects of their own.
- Each record becomes a project through harvest/rdf_mapping.py; one that cannot is listed in
  the job report with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import OWL, RDF, Literal
from rdflib.namespace import DCAT, DCTERMS

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.harvest.interfaces import IHarvester

from ckanext.digicanvis.harvest import fetch, rdf_mapping
from ckanext.digicanvis.lod import safe_parsing, uris
from ckanext.digicanvis.profiles.digicanvis import ADMS

SOURCE_TYPE = "digicanvis_rdf"


def fold_releases(graph: Any) -> int:
    """Releases of a solution present in the graph stop being datasets of their own; their
    distributions (titled with the release) and a status the solution lacks go to it."""
    folded = 0
    for release, solution in list(graph.subject_objects(DCTERMS.isVersionOf)):
        if (solution, RDF.type, DCAT.Dataset) not in graph or (release, RDF.type, DCAT.Dataset) not in graph:
            continue
        graph.remove((release, RDF.type, DCAT.Dataset))
        name = graph.value(release, DCTERMS.title) or graph.value(release, OWL.versionInfo) \
            or graph.value(release, DCAT.version)
        for distribution in graph.objects(release, DCAT.distribution):
            graph.add((solution, DCAT.distribution, distribution))
            if name is not None and graph.value(distribution, DCTERMS.title) is None:
                graph.add((distribution, DCTERMS.title, name if isinstance(name, Literal) else Literal(str(name))))
        status = graph.value(release, ADMS.status)
        if status is not None and graph.value(solution, ADMS.status) is None:
            graph.add((solution, ADMS.status, status))
        folded += 1
    return folded


class DigicanvisRDFHarvester(DCATRDFHarvester):
    # Declared again: a subclass's own implements() replaces the interfaces it inherits.
    p.implements(IHarvester)
    p.implements(IDCATRDFHarvester, inherit=True)

    # Mapped records between import_stage and the modify_package_dict hook it calls.
    _mapped: dict[str, dict[str, Any]] = {}

    def __new__(cls, *args: Any, **kwargs: Any) -> "DigicanvisRDFHarvester":
        # SingletonPlugin keeps its instance in a class attribute, which a subclass would
        # inherit: without its own, this plugin would be ckanext-dcat's harvester instance.
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)
        return cls._instance

    def info(self) -> dict[str, str]:
        return {
            "name": SOURCE_TYPE,
            "title": tk._("DigiCanvis / DCAT-AP RDF"),
            "description": tk._("Projects from another DigiCanvis observatory, a DCAT-AP 3 or DCAT-AP-ES "
                                "catalogue, or ADMS-AP solutions (Turtle, RDF/XML, JSON-LD)"),
        }

    def validate_config(self, source_config: str | None) -> str | None:
        source_config = super().validate_config(source_config)
        if source_config:
            rdf_mapping.validate_config(json.loads(source_config))
        return source_config

    # IDCATRDFHarvester: every DCAT RDF harvester of the site fetches and parses safely

    def update_session(self, session: Any) -> Any:
        return fetch.session()

    def before_download(self, url: str, harvest_job: Any) -> tuple[str | None, list[str]]:
        try:
            fetch.check_url(url)
        except fetch.FetchError as error:
            return None, [error.translated()]
        return url, []

    def after_download(self, content: str | None, harvest_job: Any) -> tuple[str | None, list[str]]:
        if content and safe_parsing.looks_like_xml(content):
            try:
                safe_parsing.check_xml(content.encode("utf-8"))
            except safe_parsing.UnsafeXML as error:
                return None, [str(error)]
        return content, []

    def after_parsing(self, rdf_parser: Any, harvest_job: Any) -> tuple[Any, list[str]]:
        if harvest_job.source.type == SOURCE_TYPE:
            fold_releases(rdf_parser.g)
        return rdf_parser, []

    # Import: map the record onto this site, or say why not

    def import_stage(self, harvest_object: Any) -> bool | str:
        if harvest_object.content is None or self._get_object_extra(harvest_object, "status") == "delete":
            return super().import_stage(harvest_object)
        if uris.is_own_project(harvest_object.guid):
            # This site's own project, back from a site that harvested it: nothing to import.
            return "unchanged"
        record = json.loads(harvest_object.content)
        if record.get("type") != "project" or "__digicanvis" not in record:
            self._save_object_error(tk._("The record was not read with the digicanvis RDF profile"),
                                    harvest_object, "Import")
            return False
        try:
            # An owner_org in the record is the source's own, set by the gather stage.
            mapped = rdf_mapping.to_project(record, rdf_mapping.source_config(harvest_object),
                                            record.pop("owner_org", None))
        except rdf_mapping.Unmappable as why:
            self._save_object_error(tk._("{record}: not imported. {reason}").format(
                record=record.get("title") or harvest_object.guid, reason=why), harvest_object, "Import")
            return False
        self._mapped[harvest_object.id] = mapped
        try:
            result = super().import_stage(harvest_object)
        finally:
            self._mapped.pop(harvest_object.id, None)
        if result is True and harvest_object.package_id:
            package = tk.get_action("package_show")({"ignore_auth": True}, {"id": harvest_object.package_id})
            rdf_mapping.link_waiting_replicas(harvest_object.guid, package["name"], harvest_object.harvest_source_id)
        return result

    def modify_package_dict(self, package_dict: dict[str, Any], dcat_dict: dict[str, Any],
                            harvest_object: Any) -> dict[str, Any]:
        return self._mapped.get(harvest_object.id, package_dict)
