"""The observatory's plugins, one per capability, so a deployer reading ``ckan.plugins``
sees what runs:

- ``digicanvis``: the project file, local bodies, theme, configuration and translations,
  and the site-wide security rules (views/security.py: CSRF, headers, cookies);
- ``digicanvis_discovery``: search facets, the local-body facts projects are found by,
  distance search, maps, similar projects and the search download;
- ``digicanvis_forum``: the forum, project discussions, follows and notifications;
- ``digicanvis_collaboration``: contact a team, request a visit, replicate or collaborate.

The linked-data capability will be a plugin of its own.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultTranslation
from ckan.types import Context

from ckanext.digicanvis.logic import contacts, facets, indexing, proximity
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
        # The radius filter is a {!geofilt} query, a local parameter CKAN refuses unless allowed.
        parsers = list(config.get("ckan.search.solr_allowed_query_parsers") or [])
        if "geofilt" not in parsers:
            config["ckan.search.solr_allowed_query_parsers"] = [*parsers, "geofilt"]

    # IPackageController

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        try:
            return proximity.apply_to_search(search_params)
        except tk.ValidationError as error:
            if not proximity.is_search_page():
                raise
            # A page shows the message where the results would be instead of failing.
            proximity.remember_page_errors(error)
            search_params["abort_search"] = True
            return search_params

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if is_project(pkg_dict):
            pkg_dict.update(indexing.local_body_fields(pkg_dict.get("owner_org")))
        return pkg_dict

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        proximity.finish_results(search_results, search_params)
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
