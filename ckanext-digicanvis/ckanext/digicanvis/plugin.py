"""The observatory's plugins, one per capability, so a deployer reading ``ckan.plugins``
sees what runs:

- ``digicanvis``: the project file, local bodies, theme, configuration and translations,
  and the site-wide security rules (views/security.py: CSRF, headers, cookies);
- ``digicanvis_discovery``: search facets, the local-body facts projects are found by,
  distance search, maps, similar projects and the search download;
- ``digicanvis_forum``: the forum, project discussions, follows and notifications;
- ``digicanvis_collaboration``: contact a team, request a visit, replicate or collaborate;
- ``digicanvis_linked_data``: DCAT-AP 3 of projects and bodies, SKOS vocabularies, the
  observatory's own vocabulary, content negotiation, safe RDF parsing;
- ``digicanvis_harvest``: harvested projects' provenance, job reports, spreadsheet imports
  (the harvesters themselves are plugins of their own in ``harvest/``: ``digicanvis_harvester``,
  ``ipsx_harvester``, ``spreadsheet_harvester``).
- ``digicanvis_accounts``: registration with e-mail confirmation, joining a local body,
  single sign-on's body claim, and "El meu espai";
- ``digicanvis_mail``: outgoing e-mail retried, failures and the local mail sink for sysadmins;
- ``digicanvis_review``: the editorial review (submit, publish, return), its queue and notices;
- ``digicanvis_freshness``: "verified on", "needs update", reminders, the phase history.
- ``digicanvis_statistics``: the public statistics dashboard and coverage map;
- ``digicanvis_needs``: needs posted by local bodies, matched to projects.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels, DefaultTranslation
from ckan.types import Context

from ckanext.dcat.interfaces import IDCATURIGenerator

from ckanext.digicanvis import freshness_helpers, review_helpers, theme
from ckanext.digicanvis.lod import safe_parsing
from ckanext.digicanvis.lod import uris as lod_uris
from ckanext.digicanvis import needs_helpers
from ckanext.digicanvis.logic import (
    accounts, cache, contacts, coverage, facets, freshness, indexing, multilingual_search, phases, proximity,
    publication, review, savings, translated,
)
from ckanext.digicanvis.logic.action import accounts as accounts_actions
from ckanext.digicanvis.logic.action import collaboration as collaboration_actions
from ckanext.digicanvis.logic.action import discovery as discovery_actions
from ckanext.digicanvis.logic.action import freshness as freshness_actions
from ckanext.digicanvis.logic.action import forum as forum_actions
from ckanext.digicanvis.logic.action import harvest as harvest_actions
from ckanext.digicanvis.logic.action import mail as mail_actions
from ckanext.digicanvis.logic.action import needs as needs_actions
from ckanext.digicanvis.logic.action import pickers as pickers_actions
from ckanext.digicanvis.logic.action import projects as projects_actions
from ckanext.digicanvis.logic.action import review as review_actions
from ckanext.digicanvis.logic.action import statistics as statistics_actions
from ckanext.digicanvis.logic.auth import accounts as accounts_auth
from ckanext.digicanvis.logic.auth import collaboration as collaboration_auth
from ckanext.digicanvis.logic.auth import discovery as discovery_auth
from ckanext.digicanvis.logic.auth import freshness as freshness_auth
from ckanext.digicanvis.logic.auth import forum as forum_auth
from ckanext.digicanvis.logic.auth import harvest as harvest_auth
from ckanext.digicanvis.logic.auth import mail as mail_auth
from ckanext.digicanvis.logic.auth import needs as needs_auth
from ckanext.digicanvis.logic.auth import pickers as pickers_auth
from ckanext.digicanvis.logic.auth import projects as projects_auth
from ckanext.digicanvis.logic.auth import review as review_auth
from ckanext.digicanvis.logic.auth import statistics as statistics_auth
from ckanext.digicanvis.harvest import helpers as harvest_helpers
from ckanext.digicanvis.harvest import provenance as harvest_provenance
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, is_project, json_list
from ckanext.digicanvis.logic import people
from ckanext.digicanvis.logic.people import user_of
from ckanext.digicanvis.views import accounts as accounts_views
from ckanext.digicanvis.views import collaboration as collaboration_views
from ckanext.digicanvis.views import discovery as discovery_views
from ckanext.digicanvis.views import errors as error_views
from ckanext.digicanvis.views import forum as forum_views
from ckanext.digicanvis.views import freshness as freshness_views
from ckanext.digicanvis.views import harvest as harvest_views
from ckanext.digicanvis.views import home as home_views
from ckanext.digicanvis.views import linked_data as linked_data_views
from ckanext.digicanvis.views import local_bodies as local_bodies_views
from ckanext.digicanvis.views import mail as mail_views
from ckanext.digicanvis.views import needs as needs_views
from ckanext.digicanvis.views import project_form
from ckanext.digicanvis.views import review as review_views
from ckanext.digicanvis.views import security as security_views
from ckanext.digicanvis.views import statistics as statistics_views
from ckanext.oidc_pkce.interfaces import IOidcPkce


def exported(*modules: Any) -> dict[str, Any]:
    """The public functions (``__all__``) of several modules, for one blanket."""
    return {name: getattr(module, name) for module in modules for name in module.__all__}


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
@tk.blanket.actions(exported(projects_actions, pickers_actions))
@tk.blanket.auth_functions(exported(projects_auth, pickers_auth))
# One blueprints blanket per plugin (a second would replace the first): the site-wide
# security rules and the local bodies directory.
@tk.blanket.blueprints([security_views.security, local_bodies_views.local_bodies])
class DigicanvisPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        # The assets of every capability (maps, forum, search), as the templates are.
        tk.add_resource("assets", "digicanvis")
        # The logo, favicons and link-preview picture (theme.py).
        tk.add_public_directory(config, "public")
        theme.check_colours(config)
        secure_cookies(config)

    # IMiddleware: a page whose search does not answer in time says so (503) instead of
    # "internal error"; the home page without CKAN's unused search (views/home.py); the project
    # form's steps (views/project_form.py); CKAN's organisation list, which stops at 1,000,
    # hands over to the local bodies directory.

    def make_middleware(self, app: Any, config: tk.CKANConfig) -> Any:
        if hasattr(app, "after_request"):  # the Flask app (CKAN also passes other stacks)
            error_views.install(app)
            project_form.install(app)
            app.view_functions["home.index"] = home_views.index
            app.view_functions["organization.index"] = local_bodies_views.organization_index_redirect
        return app

    # IPackageController: contacts live in their own table (logic/contacts.py)

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            contacts.move_out_of_extras(pkg_dict["id"])
        cache.bump(cache.PROJECTS)

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            contacts.move_out_of_extras(pkg_dict["id"])
        cache.bump(cache.PROJECTS)

    def after_dataset_delete(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        cache.bump(cache.PROJECTS)

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
            cache.bump(cache.BODIES, cache.PROJECTS)
            indexing.reindex_projects_of(entity.id)

    def create(self, entity: Any) -> None:
        if isinstance(entity, model.Group) and entity.is_organization:
            cache.bump(cache.BODIES, cache.PROJECTS)

    def delete(self, entity: Any) -> None:
        if isinstance(entity, model.Group) and entity.is_organization:
            cache.bump(cache.BODIES, cache.PROJECTS)


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


@tk.blanket.actions(harvest_actions)
@tk.blanket.auth_functions(harvest_auth)
@tk.blanket.blueprints(harvest_views)
@tk.blanket.helpers(harvest_helpers)
class DigicanvisHarvestPlugin(p.SingletonPlugin):
    """Harvested projects say where they come from (page and ``harvest_provenance`` in the
    API), job reports count what happened in the reader's language, spreadsheets are imported
    from an upload page or ``ckan digicanvis import`` (harvest/, views/harvest.py). Its tables
    come with the ``digicanvis`` plugin's migrations.

    Listed before ``harvest`` in ``ckan.plugins``: its templates (``harvest-templates/``)
    replace or extend ckanext-harvest's (source form, job report), so they must come first
    in the search path, and CKAN 2.12 puts the first listed plugin's templates first. The
    folder's name must not start with ``templates``: ``ckan_extends`` takes the first search
    path that is a string prefix of the template's file (``templates`` of ``templates-x``)."""

    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "harvest-templates")

    def after_dataset_show(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        # Not in the search index (validate=False reads): the dates change at every harvest
        # while the project itself does not, and unchanged projects are never reindexed.
        if is_project(pkg_dict) and context.get("validate", True) is not False:
            origin = harvest_provenance.for_package(pkg_dict["id"])
            if origin is not None:
                pkg_dict["harvest_provenance"] = origin


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


@tk.blanket.actions(accounts_actions)
@tk.blanket.auth_functions(accounts_auth)
@tk.blanket.blueprints(accounts_views)
class DigicanvisAccountsPlugin(p.SingletonPlugin):
    """People join and find their things: registration with e-mail confirmation, asking to
    join a local body, single sign-on (ckanext-oidc-pkce) turning the identity provider's
    body claim into a request or a membership, and "El meu espai" (logic/accounts.py,
    logic/space.py, views/accounts.py). List it before ``oidc_pkce`` in ``ckan.plugins``:
    ckanext-oidc-pkce asks the first IOidcPkce implementation to make the users."""

    p.implements(p.IConfigurer)
    p.implements(IOidcPkce, inherit=True)
    p.implements(p.ISignal)

    # ISignal: the profile form's "Language of your e-mails" (templates/user/edit_user_form.html)
    # is kept once CKAN's user_update has accepted the form (its auth: the person or a sysadmin).

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {tk.signals.action_succeeded: [{"sender": "user_update", "receiver": accounts.language_from_profile_form}]}

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        # Registration is open: accounts wait for their e-mail address to be confirmed.
        config["ckan.auth.create_user_via_web"] = True

    # IOidcPkce

    def get_oidc_user(self, userinfo: dict[str, Any]) -> model.User | None:
        user = IOidcPkce.get_oidc_user(self, userinfo)
        if user is not None and user.state == model.State.PENDING:
            accounts.activate(user)  # the identity provider vouches for the address
        claim = tk.config["ckanext.digicanvis.sso.body_claim"]
        if user is not None and claim and userinfo.get(claim):
            accounts.join_from_claim(user, str(userinfo[claim]))
        return user

    def oidc_info_into_plugin_extras(self, userinfo: dict[str, Any]) -> dict[str, Any]:
        # Keep who the person is for the provider, never their access token.
        return {"oidc_pkce": {key: value for key, value in userinfo.items() if key != "access_token"}}


@tk.blanket.actions(mail_actions)
@tk.blanket.auth_functions(mail_auth)
@tk.blanket.blueprints(mail_views)
class DigicanvisMailPlugin(p.SingletonPlugin):
    """Outgoing e-mail for sysadmins: jobs that failed every retry, and the messages kept by
    the local mail sink of `make run` (logic/mail.py, views/mail.py, /ckan-admin/mail)."""


@tk.blanket.actions(review_actions)
@tk.blanket.auth_functions(review_auth)
@tk.blanket.blueprints(review_views)
@tk.blanket.helpers(review_helpers)
class DigicanvisReviewPlugin(p.SingletonPlugin, DefaultPermissionLabels):
    """The editorial review (logic/review.py; states and visibility in logic/publication.py):
    a body's editors submit, the observatory editors publish or return with a comment, the
    queue at /review, notices to the body. Unpublished projects are private; the permission
    label added here lets the observatory editors read those in review or returned, in
    search and everywhere CKAN checks ``package_show``."""

    p.implements(p.IPermissionLabels)
    p.implements(p.IPackageController, inherit=True)

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        labels = super().get_dataset_labels(dataset_obj)
        if review.editors_see(dataset_obj):
            labels.append(review.REVIEW_LABEL)
        return labels

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if people.is_observatory_editor(user_obj):
            labels.append(review.REVIEW_LABEL)
        return labels

    # IPackageController: what the body does to its projects outside the workflow's moves

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        # Straight to the queue (a harvest source that wants review): its first event.
        user = user_of(context)
        if is_project(pkg_dict) and user is not None and pkg_dict.get(publication.FIELD) == publication.IN_REVIEW:
            review.note_submitted(pkg_dict["id"], user)

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        user = user_of(context)
        if not is_project(pkg_dict) or context.get(publication.TRANSITION) or user is None \
                or publication.may_publish(context):
            return
        state = pkg_dict.get(publication.FIELD)
        if state == publication.PUBLISHED or (state == publication.IN_REVIEW and review.was_published(pkg_dict["id"])):
            review.note_body_change(pkg_dict["id"], user, sent_back=state == publication.IN_REVIEW)


@tk.blanket.actions(freshness_actions)
@tk.blanket.auth_functions(freshness_auth)
@tk.blanket.blueprints(freshness_views)
@tk.blanket.helpers(freshness_helpers)
class DigicanvisFreshnessPlugin(p.SingletonPlugin):
    """Fresh records (logic/freshness.py): when each project was last verified by its body,
    the "needs update" badge and search facet, the yearly and badge reminders with one-click
    confirmation, and the phase history (logic/phases.py) in the page, the API and the RDF."""

    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)

    # IPackageController

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict):
            self._edited(context, pkg_dict)

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        # The workflow's moves are the editors', not the body's: they verify nothing.
        if is_project(pkg_dict) and not context.get(publication.TRANSITION):
            self._edited(context, pkg_dict)

    def _edited(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        user = user_of(context)
        phases.take_given(pkg_dict["id"])
        phases.record(pkg_dict["id"], pkg_dict.get("phase"), user.id if user else None)
        freshness.touch(pkg_dict["id"], user.id if user else None)

    def after_dataset_show(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        if is_project(pkg_dict) and pkg_dict.get("id"):
            pkg_dict[phases.FIELD] = phases.history(pkg_dict["id"])
            package = model.Session.get(model.Package, pkg_dict["id"])
            if package is not None:
                pkg_dict[freshness.STATUS] = freshness.status(package)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if is_project(pkg_dict):
            pkg_dict.pop(phases.FIELD, None)
            pkg_dict.pop(freshness.STATUS, None)
            pkg_dict.update(freshness.index_fields(pkg_dict["id"]))
        return pkg_dict

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        freshness.label_facet(search_results.get("search_facets", {}))
        return search_results

    # IFacets: after the discovery plugin's (list this plugin after it in ckan.plugins)

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        if package_type == PROJECT_TYPE:
            facets_dict[freshness.FACET] = tk._("Freshness")
        return facets_dict

    def organization_facets(self, facets_dict: dict[str, Any], organization_type: str,
                            package_type: str | None) -> dict[str, Any]:
        facets_dict[freshness.FACET] = tk._("Freshness")
        return facets_dict
@tk.blanket.actions(statistics_actions)
@tk.blanket.auth_functions(statistics_auth)
@tk.blanket.blueprints(statistics_views)
class DigicanvisStatisticsPlugin(p.SingletonPlugin):
    """The public dashboard at /statistics (logic/statistics.py): counts from Solr facets,
    savings summed by Solr, activity per month from the observatory's tables, and the
    coverage map of Catalonia (logic/coverage.py)."""

    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        # The municipalities' boundaries (built by scripts/install.sh) are a static file.
        tk.add_public_directory(config, "public")

    # IPackageController: what the dashboard adds up

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if is_project(pkg_dict):
            # From the validated record: other plugins reshape the top-level fields.
            project = json.loads(pkg_dict.get("validated_data_dict") or "{}")
            pkg_dict.update(savings.index_fields(json_list(project.get("savings"))))
            pkg_dict.update(coverage.index_fields(project.get("owner_org"), json_list(project.get("partner_bodies"))))
        return pkg_dict


@tk.blanket.actions(needs_actions)
@tk.blanket.auth_functions(needs_auth)
@tk.blanket.blueprints(needs_views)
@tk.blanket.helpers(needs_helpers)
class DigicanvisNeedsPlugin(p.SingletonPlugin):
    """Needs posted by local bodies as forum topics of kind ``need``, with the projects that
    match them (logic/needs.py): suggestions, pins, the bodies told, and what solved them.
    Needs the ``digicanvis_forum`` plugin; its tables come with the ``digicanvis`` plugin's
    migrations."""
