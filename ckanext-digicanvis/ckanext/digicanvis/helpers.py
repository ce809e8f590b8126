"""Template helpers of the ``digicanvis`` plugin (registered by ``tk.blanket.helpers``)."""

from __future__ import annotations

import logging
import re
from typing import Any, TypedDict
from urllib.parse import parse_qs, urlencode, urlsplit

from markupsafe import Markup

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError

from ckanext.digicanvis import theme
from ckanext.digicanvis.logic import cache, formats, multilingual_search, pickers, proximity, translated, vocabularies
from ckanext.digicanvis.logic.facets import population_band_labels, proximity_labels
from ckanext.digicanvis.logic.fields import PROJECT_TYPE, choice_label, project_field
from ckanext.digicanvis.logic.indexing import population_band
from ckanext.digicanvis.logic.validators import suggested_technologies

__all__ = [
    "digicanvis_operator",
    "digicanvis_project_field",
    "digicanvis_choice_label",
    "digicanvis_video_embed_url",
    "digicanvis_local_body",
    "digicanvis_number",
    "digicanvis_money",
    "digicanvis_amount",
    "digicanvis_date",
    "localised_number",
    "humanize_entity_type",
    "render_datetime",
    "digicanvis_pager",
    "digicanvis_editorial_page",
    "digicanvis_in_reader_language",
    "digicanvis_suggested_technologies",
    "digicanvis_vocabulary_choices",
    "digicanvis_km",
    "digicanvis_map_settings",
    "digicanvis_search_errors",
    "digicanvis_home_discovery",
    "digicanvis_similar_projects",
    "digicanvis_nearby_projects",
    "digicanvis_my_local_body",
    "digicanvis_size_band",
    "digicanvis_search_reference_body",
    "digicanvis_population_band_label",
    "digicanvis_search_url",
    "digicanvis_forum_editor",
    "digicanvis_forum_unread",
    "digicanvis_forum_following",
    "digicanvis_forum_categories",
    "digicanvis_forum_category_options",
    "digicanvis_forum_max_title",
    "digicanvis_forum_max_body",
    "digicanvis_lineage",
    "digicanvis_work_with_team",
    "digicanvis_csp_nonce",
    "digicanvis_record_language",
    "digicanvis_other_languages",
    "digicanvis_form_versions",
    "digicanvis_language_name",
    "digicanvis_reader_language",
    "digicanvis_email_language",
    "digicanvis_search_spelling",
    "digicanvis_picker_title",
    "digicanvis_picker_titles",
    "digicanvis_space_unread",
    "digicanvis_sso",
    "digicanvis_mail_sink_enabled",
    "digicanvis_theme_css",
    "digicanvis_social_image",
    "digicanvis_page_url",
    "digicanvis_og_locale",
    "digicanvis_site_preview",
    "digicanvis_project_preview",
]

log = logging.getLogger(__name__)
YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")


class Operator(TypedDict):
    name: str
    url: str
    accessibility_contact: str


def digicanvis_operator() -> Operator:
    """Who runs this observatory, as declared in the site configuration."""
    return {
        "name": tk.config["ckanext.digicanvis.operator.name"],
        "url": tk.config["ckanext.digicanvis.operator.url"],
        "accessibility_contact": tk.config["ckanext.digicanvis.operator.accessibility_contact"]
        or tk.config["ckanext.digicanvis.operator.url"],
    }


def digicanvis_project_field(field_name: str, resource: bool = False) -> dict[str, Any]:
    """The scheming definition of a project (or project resource) field."""
    return project_field(field_name, resource)


def digicanvis_choice_label(field_name: str, value: Any, resource: bool = False) -> str:
    """The translated label of a choice value, or the value itself when it is not a choice."""
    return choice_label(field_name, value, resource)


def digicanvis_video_embed_url(url: str | None) -> str | None:
    """A privacy-friendly embed address for YouTube and Vimeo links; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
        if video_id and YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return None
    elif host in ("vimeo.com", "player.vimeo.com"):
        candidate = parts.path.rstrip("/").split("/")[-1]
        if VIMEO_ID.match(candidate):
            return f"https://player.vimeo.com/video/{candidate}"
        return None
    if video_id and YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def digicanvis_local_body(id_or_name: str | None) -> dict[str, Any] | None:
    """The local body (organisation) as the current user may see it, or None."""
    if not id_or_name:
        return None
    # A project page asks for its body twice (card, sidebar) and its partners: from the cache.
    return cache.cached(cache.BODIES, ("body", id_or_name, _language()), lambda: _local_body(id_or_name))


def _language() -> str:
    try:
        return tk.h.lang() or tk.config["ckan.locale_default"]
    except RuntimeError:  # no request: commands, jobs
        return tk.config["ckan.locale_default"]


def _local_body(id_or_name: str) -> dict[str, Any] | None:
    try:
        # Only the body's own facts: no dataset count (a Solr query), followers or groups.
        return tk.get_action("organization_show")({}, {
            "id": id_or_name, "include_datasets": False, "include_dataset_count": False, "include_users": False,
            "include_groups": False, "include_followers": False,
        })
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def digicanvis_number(value: Any) -> str:
    """A whole number with the current language's thousands separator (12.345 / 12,345)."""
    return formats.number(value)


def digicanvis_money(value: Any) -> str:
    """An amount in euros: 12.500 € (ca, es), €12,500 (en)."""
    return formats.money(value)


def digicanvis_amount(value: Any, unit: str | None) -> str:
    """A reported quantity with its unit; euros as money."""
    if (unit or "").strip().upper() in ("EUR", "€", "EUROS"):
        return formats.money(value)
    found = formats.quantity(value)
    return f"{found} {unit or ''}".strip() if found else ""


def digicanvis_date(value: Any) -> str:
    """A long date: 1 de desembre de 2026 / 1 de diciembre de 2026 / December 1, 2026."""
    return formats.date(value)


@tk.chained_helper
def localised_number(next_helper: Any, number: Any, *args: Any, **kwargs: Any) -> str:
    """CKAN's counts ("1633 projects found", facet counts) through the same formatter."""
    if args or kwargs or not isinstance(number, int):
        return next_helper(number, *args, **kwargs)
    return formats.number(number)


def _project_words() -> dict[str, str]:
    return {
        "add link": tk._("Add project"),
        "breadcrumb": tk._("Projects"),
        "content tab": tk._("Project file"),
        "create label": tk._("Document a project"),
        "create title": tk._("Document a project"),
        "delete confirmation": tk._("Are you sure you want to delete this project?"),
        "edit label": tk._("Edit project"),
        "facet label": tk._("Projects"),
        "form label": tk._("Project file"),
        "main nav": tk._("Projects"),
        "my label": tk._("My projects"),
        "view label": tk._("View project"),
        "no any objects": tk._("There are no projects yet."),
        "no label": tk._("No project"),
        "page title": tk._("Projects"),
        "save label": tk._("Save project"),
        "search placeholder": tk._("Search projects..."),
        # CKAN's header names the site search with this spelling (2.12: header.html).
        "search_placeholder": tk._("Search projects..."),
        "update label": tk._("Update project"),
    }


def _local_body_words() -> dict[str, str]:
    return {
        "add link": tk._("Add local body"),
        "breadcrumb": tk._("Local bodies"),
        "create label": tk._("Add local body"),
        "create title": tk._("Add local body"),
        "edit label": tk._("Edit local body"),
        "facet label": tk._("Local bodies"),
        "main nav": tk._("Local bodies"),
        "page title": tk._("Local bodies"),
        "no description": tk._("There is no description for this local body."),
        "search placeholder": tk._("Search local bodies..."),
        "you not member": tk._("You are not a member of any local body."),
        "no label": tk._("No local body"),
    }


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str, purpose: str) -> str | None:
    """CKAN's labels for "dataset" and "organization", in the observatory's words.

    CKAN would otherwise build English labels from the type name ("Projects") that no
    catalogue translates.
    """
    if (entity_type, object_type) == ("package", PROJECT_TYPE):
        words = _project_words()
    elif (entity_type, object_type) == ("organization", "organization"):
        words = _local_body_words()
    else:
        words = {}
    return words.get(purpose) or next_helper(entity_type, object_type, purpose)


@tk.chained_helper
def render_datetime(
    next_helper: Any, datetime_: Any, date_format: str | None = None, with_hours: bool = False,
    with_seconds: bool = False,
) -> str:
    """A date (with its time) in the reader's language. CKAN writes dates with hours in English
    order in every language ("MMMM d, YYYY, HH:mm": "de desembre 1, 2026, 10:00" in Catalan);
    here the language's long date and short time, joined by the language's own pattern."""
    if date_format or with_seconds:
        return next_helper(datetime_, date_format=date_format, with_hours=with_hours, with_seconds=with_seconds)
    return formats.datetime(datetime_) if with_hours else formats.date(datetime_)


def digicanvis_pager(page: Any, **url_params: Any) -> Markup:
    """CKAN's pager with names on its arrows: CKAN draws "previous" and "next" as bare icons,
    links that a screen reader announces as nothing (WCAG 2.4.4, axe ``link-name``)."""
    def arrow(icon: str, name: str) -> Markup:
        return Markup('<i class="fa-solid {}" aria-hidden="true"></i><span class="visually-hidden">{}</span>').format(
            icon, name)

    return page.pager(symbol_previous=arrow("fa-chevron-left", tk._("Previous page")),
                      symbol_next=arrow("fa-chevron-right", tk._("Next page")), **url_params)


def digicanvis_editorial_page(base: str) -> str:
    """The name of an editorial page (data/pages) in the reader's language: ``accessibility-es``."""
    from ckanext.digicanvis.logic.editorial import page_name  # editorial imports this module

    return page_name(base, tk.h.lang() or "", tk.config["ckan.locale_default"])


def digicanvis_in_reader_language(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The editorial pages (ckanext-pages) written in the reader's language: each language has
    its own page (``about``, ``about-es``, ``about-en``: logic/editorial.py)."""
    default, language = tk.config["ckan.locale_default"], _language()
    others = [code for code in tk.aslist(tk.config["ckan.locales_offered"]) if code != default]

    def language_of(name: str) -> str:
        return next((code for code in others if name.endswith(f"-{code}")), default)
    return [page for page in pages if language_of(page.get("name") or "") == language]


def digicanvis_suggested_technologies() -> tuple[str, ...]:
    """Technologies the form suggests (schemas/vocabularies/technologies.yaml); others may be typed in."""
    return suggested_technologies()


def digicanvis_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper``: the choices of the field's ``vocabulary`` (schemas/vocabularies)."""
    return vocabularies.choices(field["vocabulary"])


# Discovery (plugin digicanvis_discovery)


def digicanvis_km(value: Any) -> str:
    """A distance in km with one decimal in the reader's language (12,3 / 12.3)."""
    return formats.decimal(value, 1)


def digicanvis_map_settings() -> dict[str, str]:
    return {
        "tiles": tk.config["ckanext.digicanvis.map.tile_url"] or "",
        "attribution": tk.config["ckanext.digicanvis.map.attribution"] or "",
    }


def digicanvis_search_errors() -> list[str]:
    """Why the distance or size filters of this page's search were refused."""
    return proximity.page_errors()


def _search_as_reader(data_dict: dict[str, Any]) -> dict[str, Any] | None:
    """package_search as the reader, each project in the reader's language (``for_view``: as
    the search page shows them); None when Solr does not answer (in time), so that the page
    around it still shows (``solr_timeout``)."""
    try:
        return tk.get_action("package_search")({"for_view": True}, {"include_private": True, **data_dict})
    except (SearchError, SolrConnectionError) as error:
        log.warning("search unavailable for a page section: %s", error)
        return None


def _for_anyone(key: tuple[Any, ...], compute: Any) -> Any:
    """Cached for readers who are not signed in (members may see private projects), per
    language (results carry titles and labels in the reader's language)."""
    if tk.current_user and not tk.current_user.is_anonymous:
        return compute()
    return cache.cached(cache.PROJECTS, (*key, _language()), compute)


def digicanvis_home_discovery() -> dict[str, Any]:
    """The home page's ways in: the six areas and Km0/elsewhere with counts, the latest projects."""
    return _for_anyone(("home",), _home_discovery)


def _home_discovery() -> dict[str, Any]:
    result = _search_as_reader(
        {
            "fq": f"+dataset_type:{PROJECT_TYPE}",
            "facet.field": ["area", "proximity"],
            "facet.limit": -1,
            "sort": "metadata_created desc",
            "rows": 6,
        }
    )
    if result is None:
        result = {"count": None, "search_facets": {}, "results": [], "unavailable": True}
    facets = {name: {item["name"]: item["count"] for item in facet["items"]} for name, facet in result["search_facets"].items()}
    area_field = digicanvis_project_field("area")
    areas = [
        {"value": choice["value"], "label": digicanvis_choice_label("area", choice["value"]), "count": facets.get("area", {}).get(choice["value"], 0)}
        for choice in tk.h.scheming_field_choices(area_field)
    ]
    labels = proximity_labels()
    return {
        "count": result["count"],
        "areas": areas,
        "proximity": [{"value": value, "label": labels[value], "count": facets.get("proximity", {}).get(value, 0)} for value in labels],
        "latest": result["results"],
        "unavailable": result.get("unavailable", False),
    }


def digicanvis_similar_projects(project_id: str, rows: int = 5) -> list[dict[str, Any]]:
    return _for_anyone(("similar", project_id, rows), lambda: _similar_projects(project_id, rows))


def _similar_projects(project_id: str, rows: int) -> list[dict[str, Any]]:
    try:
        return tk.get_action("digicanvis_similar_projects")({}, {"id": project_id, "rows": rows})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError, SearchError, SolrConnectionError):
        return []


def digicanvis_nearby_projects(body: dict[str, Any], rows: int = 5) -> dict[str, Any]:
    """Projects of other bodies near this one, nearest first, with the radius used."""
    return _for_anyone(("nearby", body["id"], rows), lambda: _nearby_projects(body, rows))


def _nearby_projects(body: dict[str, Any], rows: int) -> dict[str, Any]:
    radius = tk.config["ckanext.digicanvis.nearby_radius_km"]
    if not (body.get("latitude") and body.get("longitude")):
        return {"radius": radius, "results": [], "count": 0}
    result = _search_as_reader(
        {
            "fq": f'+dataset_type:{PROJECT_TYPE} -owner_org:"{body["id"]}"',
            "ext_near": f"{body['latitude']},{body['longitude']}",
            "ext_radius_km": radius,
            "rows": rows,
        }
    )
    if result is None:
        return {"radius": radius, "results": [], "count": 0, "unavailable": True}
    return {"radius": radius, "results": result["results"], "count": result["count"]}


def digicanvis_my_local_body() -> dict[str, Any] | None:
    """The first local body with a location that the signed-in reader belongs to ("near me")."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return None
    # The search form asks twice (the "near me" origin and the "similar size" reference).
    if "digicanvis_my_local_body" not in tk.g:
        tk.g.digicanvis_my_local_body = _my_local_body()
    return tk.g.digicanvis_my_local_body


def _my_local_body() -> dict[str, Any] | None:
    for body in tk.get_action("organization_list_for_user")({}, {"id": tk.current_user.id, "permission": "read"}):
        facts = tk.h.digicanvis_local_body(body["name"]) or {}
        if facts.get("latitude") and facts.get("longitude"):
            return facts
    return None


def digicanvis_size_band(body: dict[str, Any] | None) -> str | None:
    """The population band of a body, for the "similar size" filter."""
    return population_band((body or {}).get("population"))


def digicanvis_search_reference_body() -> dict[str, Any] | None:
    """The body "similar size" compares with: the one searched near, else the reader's own."""
    near = tk.request.args.get(proximity.NEAR, "")
    body = pickers.find_local_body(near) if near else None
    if body is not None:
        return tk.h.digicanvis_local_body(body.name)
    return digicanvis_my_local_body()


def digicanvis_population_band_label(band: str | None) -> str:
    return population_band_labels().get(band or "", "")


def digicanvis_search_url(**changes: Any) -> str:
    """This search page's address with some parameters replaced (None removes one)."""
    params = [(key, value) for key, value in tk.request.args.items(multi=True) if key != "page" and key not in changes]
    params += [(key, value) for key, value in changes.items() if value not in (None, "")]
    return tk.h.url_for(f"{PROJECT_TYPE}.search") + ("?" + urlencode(params) if params else "")


# Forum (plugin digicanvis_forum)


def _forum_context() -> dict[str, Any]:
    return {"user": tk.current_user.name, "auth_user_obj": tk.current_user}


def digicanvis_forum_editor() -> bool:
    from ckanext.digicanvis.logic.access import is_forum_editor

    return not tk.current_user.is_anonymous and is_forum_editor(tk.current_user)


def digicanvis_forum_unread() -> int:
    """Unread forum notifications: one count query a request (not a page of notifications),
    shared by the header's badge and the forum's menu."""
    if tk.current_user.is_anonymous:
        return 0
    if "digicanvis_forum_unread" not in tk.g:
        from ckanext.digicanvis.logic.notify import unread_count

        tk.g.digicanvis_forum_unread = unread_count(tk.current_user)
    return tk.g.digicanvis_forum_unread


def digicanvis_forum_following(object_type: str, object_id: str) -> bool:
    from ckanext.digicanvis.logic.forum import is_following

    return not tk.current_user.is_anonymous and is_following(tk.current_user, object_type, object_id)


def digicanvis_forum_categories() -> list[dict[str, Any]]:
    return tk.get_action("forum_category_list")(_forum_context(), {})


def digicanvis_forum_category_options() -> list[dict[str, str]]:
    return [{"value": category["name"], "text": category["title"]} for category in digicanvis_forum_categories()]


def digicanvis_forum_max_title() -> int:
    return tk.config["ckanext.digicanvis.forum.max_title"]


def digicanvis_forum_max_body() -> int:
    return tk.config["ckanext.digicanvis.forum.max_body"]


# Working with a project's team (plugin digicanvis_collaboration)


def digicanvis_lineage(project: dict[str, Any]) -> dict[str, Any]:
    """Where a project came from (``replicated_from``) and the projects that replicate it,
    oldest first, each with its body and start year."""
    return _for_anyone(("lineage", project["name"], project.get("replicated_from")), lambda: _lineage(project))


def _lineage(project: dict[str, Any]) -> dict[str, Any]:
    origin = None
    if project.get("replicated_from"):
        found = _search_as_reader({"fq": f'+dataset_type:{PROJECT_TYPE} +name:"{project["replicated_from"]}"', "rows": 1})
        origin = found["results"][0] if found and found["results"] else None
    replicas = (_search_as_reader({"fq": f'+dataset_type:{PROJECT_TYPE} +replicated_from:"{project["name"]}"',
                                   "rows": 100, "sort": "metadata_created asc"}) or {"results": []})["results"]
    replicas.sort(key=lambda p: (p.get("start_year") or 9999, p.get("metadata_created") or ""))
    return {"origin": origin, "replicas": replicas}


def digicanvis_work_with_team(project: dict[str, Any]) -> dict[str, Any]:
    """What the project page's "work with the team" section shows to this reader; nothing for
    a draft, which nobody can contact or visit yet."""
    if project.get("state") != "active":
        return {"reports": {}, "interests": {}, "my_bodies": [], "own_project": False, "draft": True}
    context = {"user": tk.current_user.name, "auth_user_obj": tk.current_user}
    reports = tk.get_action("visit_report_list")(context, {"project": project["id"]})
    interests = tk.get_action("collaboration_interest_list")(context, {"project": project["id"]})
    my_bodies = [] if tk.current_user.is_anonymous else [
        {"name": group.name, "title": group.title} for group in tk.current_user.get_groups("organization")]
    return {"reports": reports, "interests": interests, "my_bodies": my_bodies,
            "own_project": any(body["name"] == (project.get("organization") or {}).get("name") for body in my_bodies)}


# Security (views/security.py)


def digicanvis_csp_nonce() -> str:
    """The nonce an inline script of this response must carry under the Content-Security-Policy."""
    from ckanext.digicanvis.views.security import csp_nonce

    return csp_nonce()
# Versions in Catalan, Spanish and English (logic/translated.py)


def digicanvis_record_language(data: dict[str, Any]) -> str:
    """The language of a project's original text as the form has it (Catalan by default)."""
    return translated.original_language(data or {}) or translated.LANGUAGES[0]


def digicanvis_other_languages(original: str) -> list[str]:
    return [lang for lang in translated.LANGUAGES if lang != original]


def digicanvis_form_versions(data: dict[str, Any], field_name: str) -> dict[str, str]:
    """The versions a form shows: the stored ones, or those just submitted (<field>-<lang>)."""
    versions = translated.parse((data or {}).get(field_name))
    for lang in translated.LANGUAGES:
        submitted = (data or {}).get(f"{field_name}-{lang}")
        if submitted is not None:
            versions[lang] = submitted
    return versions


def digicanvis_language_name(language: str | None) -> str:
    """A language's name in the reader's language (the `language` field's labels)."""
    return choice_label("language", language or "other")


def digicanvis_email_language(id_or_name: str | None) -> dict[str, Any]:
    """The e-mail language of an account and the languages offered (the profile form's select)."""
    from ckan import model

    from ckanext.digicanvis.logic import mail

    return {"chosen": mail.language_of(model.User.get(id_or_name or "")), "offered": mail.offered_languages()}


def digicanvis_reader_language() -> str:
    return translated.reader_language()


def digicanvis_search_spelling() -> dict[str, Any] | None:
    """This page's search: a spelling used or suggested, or "any of the words"."""
    return multilingual_search.page_spelling()
def digicanvis_picker_title(kind: str, value: Any) -> str:
    """What a picker shows for a stored name: the body's, project's or person's title."""
    return pickers.title_of(kind, str(value)) if value else ""


def digicanvis_picker_titles(kind: str, values: list[Any]) -> list[str]:
    return [pickers.title_of(kind, str(value)) for value in values if value]


def digicanvis_space_unread() -> int:
    """The header badge (it links to El meu espai): unread forum notifications and notices
    about one's projects (the editorial review, fresh records), plus requests to join awaiting
    this person's answer, one count query each."""
    if tk.current_user.is_anonymous:
        return 0
    from ckanext.digicanvis.logic import notices
    from ckanext.digicanvis.logic.accounts import count_to_decide

    return digicanvis_forum_unread() + notices.unread_count(tk.current_user) + count_to_decide(tk.current_user)


def digicanvis_sso() -> dict[str, Any]:
    """Single sign-on as the login page offers it: on when ckanext-oidc-pkce's plugin
    (``oidc_pkce``, which requires the identity provider's settings) is loaded."""
    enabled = tk.h.plugin_loaded("oidc_pkce")
    return {"enabled": enabled, "label": tk.config["ckanext.digicanvis.sso.label"]}


def digicanvis_mail_sink_enabled() -> bool:
    from ckanext.digicanvis.logic import mail

    return bool(mail.sink_dir())


# The observatory's face (theme.py)


def digicanvis_theme_css() -> Markup:
    """The ``:root`` rule of the configured colours (validated ``#rrggbb`` values only)."""
    return Markup(theme.colour_properties())


def digicanvis_social_image() -> str:
    return theme.site_image()


def digicanvis_page_url() -> str:
    """This page's full address in the reader's language, without its query."""
    from ckan.common import request

    try:
        return tk.h.url_for(request.endpoint, _external=True, **(request.view_args or {}))
    except Exception:  # no endpoint (an error page): the home page stands for the site
        return tk.h.url_for("home.index", _external=True)


def digicanvis_og_locale(language: str) -> str:
    return theme.og_locale(language)


def digicanvis_site_preview(at_home: bool = False) -> dict[str, Any]:
    """The site's own link preview; ``at_home`` points it at the home page (error pages)."""
    return {
        "title": tk._("DigiCanvis Observatory"),
        "description": tk._("Digital transformation projects of local governments, with the people who made "
                            "them and a forum to discuss them."),
        "url": tk.h.url_for("home.index", _external=True) if at_home else None,
    }


def digicanvis_project_preview(project: dict[str, Any]) -> dict[str, Any]:
    """Title, description, address and picture of a project's link preview, in the reader's
    language (the page's project is already localised by before_dataset_view)."""
    area = project.get("area")
    image = theme.project_image(project)
    return {
        "title": project.get("title") or project.get("name"),
        "description": theme.project_description(project, choice_label("area", area) if area else ""),
        "url": tk.h.url_for(f"{project.get('type') or PROJECT_TYPE}.read", id=project["name"], _external=True),
        "image": image,
        "image_alt": project.get("title") if image else None,
        "type": "article",
    }
