"""Builders of the observatory's objects for tests, on top of ckan.tests.factories."""

from __future__ import annotations

import math
from typing import Any

from ckan.tests import factories, helpers


def local_body(**fields: Any) -> dict[str, Any]:
    """An organisation with the local-body facts of a small Catalan municipality."""
    defaults = {
        "body_type": "municipality",
        "ine_code": "08001",
        "idescat_code": "080018",
        "comarca": "Baix Llobregat",
        "province": "Barcelona",
        "region": "Catalunya",
        "country": "ES",
        "population": 13014,
        "population_year": 2024,
        "latitude": 41.516258,
        "longitude": 1.902238,
        "website": "https://www.abrera.cat",
    }
    return factories.Organization(**{**defaults, **fields})


def full_project(owner_org: str, **fields: Any) -> dict[str, Any]:
    """A project file with every field filled in (input for package_create)."""
    project = {
        "type": "project",
        "name": "finestreta-virtual",
        "title": "Finestreta virtual amb cita prèvia",
        "owner_org": owner_org,
        "partner_bodies": [],
        "contacts": [
            {"name": "Marta Puig", "role": "Cap d'atenció ciutadana", "email": "marta.puig@example.cat",
             "phone": "+34 938 000 000", "public": "yes"},
            {"name": "Jordi Soler", "role": "Tècnic TIC", "email": "jordi.soler@example.cat",
             "phone": "938 111 111", "public": "no"},
        ],
        "notes": "Tràmits en línia amb **cita prèvia** per a tot el municipi.",
        "value_proposition": "Menys desplaçaments i esperes.",
        "savings": [
            {"kind": "staff_time", "amount": "120", "unit": "hores", "period": "month",
             "method": "Registre del taulell, 2023 vs 2024"},
        ],
        "cost": "18000",
        "funding": "Fons propis i Next Generation EU",
        "barriers": "Resistència inicial del personal.",
        "benefits": "Atenció 24 h.",
        "technologies": ["chatbot", "electronic signature"],
        "methodologies": ["disseny de serveis"],
        "tools": ["e-TRAM"],
        "phase": "implemented",
        "start_year": "2021",
        "end_year": "2023",
        "area": "services_procedures",
        "transformation_type": "service",
        "maturity_level": "proactive",
        "language": "ca",
        "resources": [
            {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "name": "Vídeo de presentació",
             "resource_type": "video"},
            {"url": "https://example.cat/article", "name": "Article", "resource_type": "article"},
        ],
    }
    return {**project, **fields}


# The Spanish and English versions of the project file's texts (the original is Catalan).
VERSIONS = {
    "title_translated": {"es": "Ventanilla virtual con cita previa", "en": "Virtual counter with appointments"},
    "notes_translated": {"es": "Trámites en línea con **cita previa** para todo el municipio.",
                         "en": "Online procedures with **appointments** for the whole town."},
    "value_proposition_translated": {"es": "Menos desplazamientos y esperas.", "en": "Fewer trips and less waiting."},
    "barriers_translated": {"es": "Resistencia inicial del personal."},
    "benefits_translated": {"en": "Service around the clock."},
}
SAVING_VERSIONS = {"method_translated": {"es": "Registro del mostrador, 2023 frente a 2024",
                                         "en": "Counter log, 2023 vs 2024"}}
RESOURCE_VERSIONS = [
    {"name_translated": {"es": "Vídeo de presentación", "en": "Presentation video"},
     "description": "Com funciona la finestreta", "description_translated": {"en": "How the counter works"}},
    {"name_translated": {"en": "Article"}},
]


def translated_project(owner_org: str, **fields: Any) -> dict[str, Any]:
    """A full project file written in Catalan with Spanish and English versions of its texts."""
    project = full_project(owner_org, **VERSIONS, **fields)
    project["savings"] = [{**saving, **SAVING_VERSIONS} for saving in project["savings"]]
    project["resources"] = [{**resource, **versions} for resource, versions in zip(project["resources"], RESOURCE_VERSIONS)]
    return project


def editor_of(org_id: str, user: dict[str, Any] | None = None) -> dict[str, Any]:
    """A user (a new one unless given) made an editor of the organisation."""
    user = user or factories.User()
    helpers.call_action(
        "organization_member_create", {"ignore_auth": True},
        id=org_id, username=user["name"], role="editor",
    )
    return user


def show_as(user: str, id_or_name: str) -> dict[str, Any]:
    """package_show as that user would get it over the API.

    ``helpers.call_action`` sets ``ignore_auth``, which the observatory treats as an
    internal read (public view of contacts); a person's read never has it.
    """
    return helpers.call_action("package_show", {"user": user, "ignore_auth": False}, id=id_or_name)


# Real places (town halls), for distance tests: (title, latitude, longitude, population)
PLACES = {
    "barcelona": ("Ajuntament de Barcelona", 41.38240, 2.17724, 1702547),
    "sabadell": ("Ajuntament de Sabadell", 41.54329, 2.10942, 222360),
    "girona": ("Ajuntament de Girona", 41.98315, 2.82487, 107032),
    "lleida": ("Ajuntament de Lleida", 41.61674, 0.62218, 143775),
    "tremp": ("Ajuntament de Tremp", 42.16703, 0.89487, 5875),
    "abrera": ("Ajuntament d'Abrera", 41.51626, 1.90224, 13014),
}


def body_at(place: str, **fields: Any) -> dict[str, Any]:
    """The local body of one of ``PLACES``, at its real coordinates."""
    title, latitude, longitude, population = PLACES[place]
    facts = {"name": f"ajuntament-de-{place}", "title": title, "latitude": latitude, "longitude": longitude,
             "population": population}
    return local_body(**{**facts, **fields})


def project_of(body: dict[str, Any], name: str, **fields: Any) -> dict[str, Any]:
    """A project of that body, created through the API by a sysadmin."""
    return helpers.call_action(
        "package_create", {"user": factories.Sysadmin()["name"]},
        **full_project(body["id"], name=name, title=fields.pop("title", name), **{"contacts": [], **fields}),
    )


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance on a sphere of the Earth's mean radius."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def forum_editor(user: dict[str, Any] | None = None) -> dict[str, Any]:
    """A user made a member of the forum editors' group (created when missing)."""
    from ckan import model

    user = user or factories.User()
    group = model.Group.get("observatory-editors") or model.Group.get(factories.Group(name="observatory-editors")["id"])
    helpers.call_action("group_member_create", {"ignore_auth": True}, id=group.id, username=user["name"], role="member")
    return user


def forum_topic(author: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = {"category": "citizen_attention", "title": "Quin xatbot feu servir?",
            "body": "Busquem un xatbot per a l'atenció ciutadana.", "kind": "question", **fields}
    return helpers.call_action("forum_topic_create", {"user": author["name"]}, **data)


def forum_reply(author: dict[str, Any], topic_id: str, body: str, **fields: Any) -> dict[str, Any]:
    return helpers.call_action("forum_post_create", {"user": author["name"]}, topic_id=topic_id, body=body, **fields)


def demo_with_catalan_bodies(cli, *more_municipalities: str) -> None:
    """The demo catalogue with its Catalan bodies as ``load-local-bodies`` makes them (with
    comarca, province, population, coordinates), plus ``more_municipalities`` by name; the
    other 900-odd bodies are left out to keep the test fast."""
    import ckan.cli.cli

    from ckanext.digicanvis.logic import demo, local_bodies

    records = [record for record in demo.demo_records() if demo.is_catalan(record)]
    wanted_towns = {(record.get("municipality") or "").casefold() for record in records} | {
        name.casefold() for name in more_municipalities}
    wanted_titles = {demo.body_title(record).casefold() for record in records}
    towns = {town.ine_code for town in local_bodies.read_municipalities() if town.name.casefold() in wanted_towns}
    for body in local_bodies.catalan_local_bodies():
        if body.get("ine_code") in towns or body["title"].casefold() in wanted_titles:
            helpers.call_action("organization_create", {"user": factories.Sysadmin()["name"]}, **body)
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output
REVIEW_ROLES = ("anonymous", "outsider", "member", "editor", "admin", "observatory_editor", "sysadmin")


def review_people(body: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    """One person in each role of the editorial review towards ``body``'s projects (who may
    sign in with tests.sessions.PASSWORD): nobody, another body's editor, the body's member,
    editor and admin, an observatory editor, a sysadmin."""
    from tests import sessions

    people: dict[str, dict[str, Any] | None] = {
        "anonymous": None, "outsider": editor_of(body_at("tremp")["id"], sessions.person())}
    for role in ("member", "editor", "admin"):
        people[role] = sessions.person()
        helpers.call_action("organization_member_create", {"ignore_auth": True}, id=body["id"],
                            username=people[role]["name"], role=role)
    people["observatory_editor"] = forum_editor(sessions.person())
    people["sysadmin"] = sessions.person(sysadmin=True)
    return people



def demo_forum_projects(cli, monkeypatch) -> None:
    """The demo projects the demo forum talks about, loaded by ``load-demo`` as `make run`
    loads the catalogue (the other demo records are left out to keep tests fast)."""
    import ckan.cli.cli
    from slugify import slugify

    from ckanext.digicanvis.logic import demo, demo_forum

    data = demo_forum.demo_forum()
    wanted = {name for topic in data["topics"] for name in topic.get("projects", [])} | {
        discussion["project"] for discussion in data["discussions"]}
    picked = [record for record in demo.demo_records() if slugify(record["title"])[:demo.NAME_LENGTH] in wanted]
    assert len(picked) == len(wanted), "every project the demo forum names is a demo project"
    monkeypatch.setattr(demo, "demo_records", lambda: picked)
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"])
    assert result.exit_code == 0, result.output
