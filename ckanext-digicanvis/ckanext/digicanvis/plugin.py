"""The observatory's plugins, one per capability, so a deployer reading ``ckan.plugins``
sees what runs:

- ``digicanvis``: the project file, local bodies, theme, configuration and translations,
  and the site-wide security rules (views/security.py: CSRF, headers, cookies);
- ``digicanvis_discovery``: search facets, the local-body facts projects are found by,
  distance search, maps, similar projects and the search download;
- ``digicanvis_forum``: the forum, project discussions, follows and notifications;
- ``digicanvis_collaboration``: contact a team, request a visit, replicate or collaborate;
- ``digicanvis_linked_data``: DCAT-AP 3 of projects and bodies, SKOS vocabularies, the
  observatory's own vocabulary, content negotiation, safe RDF parsing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultTranslation
from ckan.types import Context

from ckanext.dcat.interfaces import IDCATURIGenerator

from ckanext.digicanvis.lod import safe_parsing
from ckanext.digicanvis.lod import uris as lod_uris
from ckanext.digicanvis.logic import contacts, facets, indexing, multilingual_search, proximity, translated
from ckanext.digicanvis.logic.action import collaboration as collaboration_actions
from ckanext.digicanvis.logic.action import discovery as discovery_actions
from ckanext.digicanvis.logic.action import forum as forum_actions
from ckanext.digicanvis.logic.auth import collaboration as collaboration_auth
from ckanext.digicanvis.logic.auth import discovery as discovery_auth
from ckanext.digicanvis.logic.auth import forum as forum_auth
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, is_project
from ckanext.digicanvis.views import collaboration as collaboration_views
from ckanext.digicanvis.views import discovery as discovery_views
from ckanext.digicanvis.views import forum as forum_views
from ckanext.digicanvis.views import linked_data as linked_data_views
from ckanext.digicanvis.views import security as security_views


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
@tk.blanket.blueprints(security_views)
class DigicanvisPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        # The assets of every capability (maps, forum, search), as the templates are.
        tk.add_resource("assets", "digicanvis")
        secure_cookies(config)

    # IPackageController: contacts live in their own table (logic/contacts.py)

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            contacts.move_out_of_extras(pkg_dict["id"])

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            contacts.move_out_of_extras(pkg_dict["id"])

    def after_dataset_show(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            pkg_dict[contacts.FIELD] = contacts.contacts_for(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if is_project(pkg_dict):
            return indexing.project_index_dict(pkg_dict)
        pkg_dict.update(indexing.plain_text_fields(pkg_dict))
        return pkg_dict

    def before_dataset_view(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # Pages show each text in the reader's language; the API keeps the originals.
        if is_project(pkg_dict):
            return translated.localise(pkg_dict, translated.reader_language())
        return pkg_dict


def secure_cookies(config: tk.CKANConfig) -> None:
    """Session and remember-me cookies: HttpOnly (CKAN's default), SameSite=Lax (CKAN's
    remember-me default is None, which lets other sites' requests carry it), and Secure when
    the site is served over https."""
    if config.get("REMEMBER_COOKIE_SAMESITE") in (None, "None", ""):
        config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    if str(config.get("ckan.site_url") or "").startswith("https://"):
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True


@tk.blanket.actions(discovery_actions)
@tk.blanket.auth_functions(discovery_auth)
@tk.blanket.blueprints(discovery_views)
class DigicanvisDiscoveryPlugin(p.SingletonPlugin):
    """Ways into the project files: facets by area and by proximity (logic/facets.py),
    distance search (logic/proximity.py), similar projects (logic/similar.py), maps and
    downloads of a search (views/discovery.py)."""

    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        # The radius filter is a {!geofilt} query and the multilingual search an {!edismax}
        # one: local parameters CKAN refuses unless allowed.
        parsers = list(config.get("ckan.search.solr_allowed_query_parsers") or [])
        missing = [parser for parser in ("geofilt", "edismax") if parser not in parsers]
        if missing:
            config["ckan.search.solr_allowed_query_parsers"] = [*parsers, *missing]

    # IPackageController

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        try:
            search_params = proximity.apply_to_search(search_params)
        except tk.ValidationError as error:
            if not proximity.is_search_page():
                raise
            # A page shows the message where the results would be instead of failing.
            proximity.remember_page_errors(error)
            search_params["abort_search"] = True
            return search_params
        return multilingual_search.apply_to_search(search_params)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if is_project(pkg_dict):
            pkg_dict.update(indexing.local_body_fields(pkg_dict.get("owner_org")))
        return pkg_dict

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        proximity.finish_results(search_results, search_params)
        multilingual_search.finish_results(search_results, search_params)
        facets.label_choice_facets(search_results.get("search_facets", {}))
        return search_results

    # IFacets

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        if package_type == PROJECT_TYPE:
            return facets.project_facets()
        return facets_dict

    def organization_facets(self, facets_dict: dict[str, Any], organization_type: str, package_type: str | None) -> dict[str, Any]:
        # A local body's page lists projects: the project facets, less "local body".
        project_facets = facets.project_facets()
        project_facets.pop("organization")
        return project_facets

    # IOrganizationController: projects carry their body's facts in the index

    def edit(self, entity: Any) -> None:
        # IPackageController has an `edit` hook too: only an organisation's edit matters here.
        if isinstance(entity, model.Group) and entity.is_organization:
            indexing.reindex_projects_of(entity.id)


@tk.blanket.actions(forum_actions)
@tk.blanket.auth_functions(forum_auth)
@tk.blanket.blueprints(forum_views)
class DigicanvisForumPlugin(p.SingletonPlugin):
    """The forum at /forum, each project's discussion tab, follows and notifications
    (logic/forum.py, logic/notify.py, views/forum.py). Its tables come with the
    ``digicanvis`` plugin's migrations."""


@tk.blanket.actions(collaboration_actions)
@tk.blanket.auth_functions(collaboration_auth)
@tk.blanket.blueprints(collaboration_views)
class DigicanvisCollaborationPlugin(p.SingletonPlugin):
    """Contact a project's team, request a visit and report on it, say "we want to replicate
    or collaborate" (logic/collaboration.py, views/collaboration.py). Its tables come with
    the ``digicanvis`` plugin's migrations."""


@lru_cache(maxsize=10000)
def _package_type(package_id: str) -> str | None:
    """A dataset's type, which never changes: a catalogue page asks for it once per resource."""
    found = model.Session.query(model.Package.type).filter(model.Package.id == package_id).first()
    return found[0] if found else None


class DigicanvisLinkedDataPlugin(p.SingletonPlugin):
    """Linked open data: the ``digicanvis`` RDF profile (profiles/digicanvis.py) and schema.org
    (profiles/schemaorg.py) for ckanext-dcat, IRIs built from ids (lod/uris.py), the SKOS
    vocabularies and the observatory's own vocabulary (lod/), their pages and content
    negotiation (views/linked_data.py). RDF parsing never fetches a remote JSON-LD context."""

    p.implements(p.IConfigurer)
    p.implements(p.IBlueprint)
    p.implements(IDCATURIGenerator, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        safe_parsing.install()

    # IBlueprint

    def get_blueprint(self) -> list[Any]:
        return [linked_data_views.linked_data]

    # IDCATURIGenerator: project and body IRIs from ids, on the project's own path

    def dataset_uri(self, dataset_dict: dict[str, Any], default_uri: str) -> str | None:
        if not is_project(dataset_dict) or not dataset_dict.get("id"):
            return None
        guid = next((e["value"] for e in dataset_dict.get("extras") or [] if e.get("key") == "guid"), None)
        return str(lod_uris.published_project(dataset_dict["id"], guid))

    def resource_uri(self, resource_dict: dict[str, Any], default_uri: str) -> str | None:
        package_id = resource_dict.get("package_id")
        if not package_id or not resource_dict.get("id") or _package_type(package_id) != PROJECT_TYPE:
            return None
        return f"{lod_uris.project(package_id)}/resource/{resource_dict['id']}"

    def publisher_uri(self, dataset_dict: dict[str, Any], default_uri: str) -> str | None:
        owner = dataset_dict.get("owner_org")
        return str(lod_uris.local_body(owner)) if owner else None
