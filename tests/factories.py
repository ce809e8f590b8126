"""Builders of the observatory's objects for tests, on top of ckan.tests.factories."""

from __future__ import annotations

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
