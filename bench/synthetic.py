"""Synthetic project files for the benchmarks (bench/generate.py) and the test that the bulk
load stores what the API stores (tests/bench/test_generate.py).

Distributions follow the demo catalogue (ckanext-digicanvis/.../data/projects_demo.json):
area, transformation type, phase, technologies per project, documentation links per project.
Texts are assembled from short sentences in Catalan, Spanish and English, so full-text search,
language facets and MoreLikeThis have realistic material. Everything comes from one seeded
``random.Random``: the same seed gives the same catalogue.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

LANGUAGES = (("ca", 0.6), ("es", 0.25), ("en", 0.15))
MATURITY = ("digital", "open", "proactive", "accountable", "intelligent")
SAVING_KINDS = ("money", "staff_time", "processing_time", "paper", "energy", "other")
RESOURCE_TYPES = ("article", "demo", "video", "presentation", "document", "source_code", "website", "dataset")
METHODOLOGIES = ("Agile", "Design thinking", "Lean", "Co-creation", "Service design", "Scrum", "Living lab")
TOOLS = ("Decidim", "Sentilo", "Moodle", "Nextcloud", "QGIS", "Power BI", "Metabase", "Odoo", "GitLab", "Rasa")

SUBJECTS = {
    "ca": {
        "citizen_attention": ["assistent virtual", "xatbot municipal", "bústia de queixes i suggeriments", "cita prèvia en línia"],
        "services_procedures": ["tramitació electrònica", "carpeta ciutadana", "plataforma de contractació", "inscripció a activitats"],
        "social_services": ["teleassistència per a la gent gran", "recomanador d'ajuts", "targeta social", "atenció domiciliària"],
        "participation_open_government": ["pressupostos participatius", "portal de transparència", "dades obertes", "consulta ciutadana"],
        "planning_management": ["quadre de comandament", "analítica predictiva de mobilitat", "gestió de l'enllumenat", "bessó digital"],
        "integral_transformation": ["pla de transformació digital", "oficina sense papers", "teletreball", "formació digital del personal"],
    },
    "es": {
        "citizen_attention": ["asistente virtual", "chatbot municipal", "buzón de quejas y sugerencias", "cita previa en línea"],
        "services_procedures": ["tramitación electrónica", "carpeta ciudadana", "plataforma de contratación", "inscripción a actividades"],
        "social_services": ["teleasistencia para personas mayores", "recomendador de ayudas", "tarjeta social", "atención domiciliaria"],
        "participation_open_government": ["presupuestos participativos", "portal de transparencia", "datos abiertos", "consulta ciudadana"],
        "planning_management": ["cuadro de mando", "analítica predictiva de movilidad", "gestión del alumbrado", "gemelo digital"],
        "integral_transformation": ["plan de transformación digital", "oficina sin papeles", "teletrabajo", "formación digital del personal"],
    },
    "en": {
        "citizen_attention": ["virtual assistant", "council chatbot", "complaints and suggestions box", "online appointments"],
        "services_procedures": ["electronic procedures", "citizen folder", "procurement platform", "activity registration"],
        "social_services": ["telecare for the elderly", "benefits recommender", "social card", "home care"],
        "participation_open_government": ["participatory budgeting", "transparency portal", "open data", "citizen consultation"],
        "planning_management": ["management dashboard", "predictive mobility analytics", "street lighting management", "digital twin"],
        "integral_transformation": ["digital transformation plan", "paperless office", "remote work", "digital skills for staff"],
    },
}
SENTENCES = {
    "ca": {
        "title": ["{subject} de {place}", "{subject} per a tot el municipi de {place}", "Nou servei de {subject} a {place}"],
        "notes": [
            "L'ajuntament de {place} ha posat en marxa un projecte de {subject} per apropar els serveis a la ciutadania.",
            "El projecte combina {tech} amb canvis en l'organització interna.",
            "Es va començar amb una prova pilot en un barri i després es va estendre a tot el municipi.",
            "Els veïns poden fer els tràmits des del mòbil, a qualsevol hora.",
            "L'equip ha documentat el procés perquè altres ens el puguin replicar.",
        ],
        "benefits": ["Menys temps d'espera per a la ciutadania", "Estalvi de paper i desplaçaments", "Dades per decidir millor", "Més transparència"],
        "barriers": ["Resistència inicial al canvi", "Manca de personal tècnic", "Pressupost limitat", "Interoperabilitat amb sistemes antics"],
        "value": "Valor per a la ciutadania: {subject} més senzill i accessible.",
        "contact_role": ["Responsable de sistemes", "Tècnica de participació", "Secretari municipal", "Cap d'atenció ciutadana"],
    },
    "es": {
        "title": ["{subject} de {place}", "{subject} para todo el municipio de {place}", "Nuevo servicio de {subject} en {place}"],
        "notes": [
            "El ayuntamiento de {place} ha puesto en marcha un proyecto de {subject} para acercar los servicios a la ciudadanía.",
            "El proyecto combina {tech} con cambios en la organización interna.",
            "Se empezó con una prueba piloto en un barrio y después se extendió a todo el municipio.",
            "Los vecinos pueden hacer los trámites desde el móvil, a cualquier hora.",
            "El equipo ha documentado el proceso para que otros entes lo puedan replicar.",
        ],
        "benefits": ["Menos tiempo de espera para la ciudadanía", "Ahorro de papel y desplazamientos", "Datos para decidir mejor", "Más transparencia"],
        "barriers": ["Resistencia inicial al cambio", "Falta de personal técnico", "Presupuesto limitado", "Interoperabilidad con sistemas antiguos"],
        "value": "Valor para la ciudadanía: {subject} más sencillo y accesible.",
        "contact_role": ["Responsable de sistemas", "Técnica de participación", "Secretario municipal", "Jefa de atención ciudadana"],
    },
    "en": {
        "title": ["{subject} in {place}", "{subject} for the whole of {place}", "New {subject} service in {place}"],
        "notes": [
            "The council of {place} started a {subject} project to bring services closer to residents.",
            "The project combines {tech} with changes in how the council works inside.",
            "It began as a pilot in one neighbourhood and then spread to the whole municipality.",
            "Residents can complete procedures from their phone, at any time.",
            "The team documented the process so that other bodies can replicate it.",
        ],
        "benefits": ["Shorter waits for residents", "Less paper and fewer trips", "Data for better decisions", "More transparency"],
        "barriers": ["Early resistance to change", "Few technical staff", "Tight budget", "Interoperability with legacy systems"],
        "value": "Value for residents: a simpler, more accessible {subject}.",
        "contact_role": ["Head of IT", "Participation officer", "Town clerk", "Head of citizen services"],
    },
}
FIRST_NAMES = ("Anna", "Jordi", "Marta", "Pere", "Laia", "Joan", "Núria", "Carles", "Lucía", "Javier", "Montse", "Pau")
LAST_NAMES = ("Puig", "Vila", "Serra", "Soler", "Ferrer", "Martínez", "García", "Roca", "Font", "Pujol", "Casals", "López")


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    title: str
    weight: float


@dataclass(frozen=True)
class DemoShape:
    """What the demo catalogue looks like: value frequencies to draw from."""
    areas: Counter
    types: Counter
    phases: Counter
    technologies: Counter
    technologies_per_project: Counter
    links_per_project: Counter
    start_years: Counter

    @classmethod
    def load(cls) -> "DemoShape":
        source = resources.files("ckanext.digicanvis") / "data" / "projects_demo.json"
        records = json.loads(source.read_text(encoding="utf-8"))
        return cls(
            areas=Counter(r["area"] for r in records),
            types=Counter(r["type"] for r in records),
            phases=Counter(r["phase"] for r in records if r.get("phase")) + Counter({"discontinued": 2}),
            technologies=Counter(t for r in records for t in r.get("technologies") or []),
            technologies_per_project=Counter(len(r.get("technologies") or []) for r in records),
            links_per_project=Counter(len(r.get("sources") or []) for r in records),
            start_years=Counter(r["start_year"] for r in records if r.get("start_year")),
        )


def draw(rng: random.Random, counts: Counter) -> Any:
    values = list(counts)
    return rng.choices(values, weights=[counts[v] for v in values])[0]


def project(rng: random.Random, shape: DemoShape, number: int, owner: Body, bodies: list[Body],
            earlier: list[str]) -> dict[str, Any]:
    """One project file, as it is given to ``package_create``."""
    language = rng.choices([code for code, _ in LANGUAGES], weights=[weight for _, weight in LANGUAGES])[0]
    words = SENTENCES[language]
    area = draw(rng, shape.areas)
    subject = rng.choice(SUBJECTS[language][area])
    place = owner.title.split(" de ", 1)[-1] if " de " in owner.title else owner.title
    technologies = list(dict.fromkeys(draw(rng, shape.technologies) for _ in range(draw(rng, shape.technologies_per_project))))
    start = draw(rng, shape.start_years)
    data: dict[str, Any] = {
        "type": "project",
        "name": f"bench-{number:06d}",
        "title": rng.choice(words["title"]).format(subject=subject, place=place).capitalize(),
        "owner_org": owner.name,
        "notes": " ".join(sentence.format(subject=subject, place=place, tech=", ".join(technologies[:2]) or "programari lliure")
                          for sentence in rng.sample(words["notes"], 3)),
        "value_proposition": words["value"].format(subject=subject),
        "benefits": "\n".join(f"- {item}" for item in rng.sample(words["benefits"], 2)),
        "barriers": "\n".join(f"- {item}" for item in rng.sample(words["barriers"], 2)),
        "technologies": technologies,
        "methodologies": rng.sample(METHODOLOGIES, rng.randint(0, 2)),
        "tools": rng.sample(TOOLS, rng.randint(0, 2)),
        "area": area,
        "transformation_type": draw(rng, shape.types),
        "phase": draw(rng, shape.phases),
        "maturity_level": rng.choice(MATURITY),
        "start_year": start,
        "end_year": start + rng.randint(0, 3) if rng.random() < 0.3 else None,
        "language": language,
        "cost": rng.choice([5000, 12000, 25000, 60000, 150000]),
        "funding": rng.choice(["Fons Next Generation EU", "Diputació de Barcelona", "Recursos propis", "FEDER"]),
        "partner_bodies": [body.name for body in rng.sample(bodies, rng.choice([0, 0, 1, 2])) if body.name != owner.name],
        "contacts": [
            {"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "role": rng.choice(words["contact_role"]),
             "email": f"contacte{number}.{i}@example.org", "phone": f"+34 93{rng.randint(1000000, 9999999)}",
             "public": rng.choice(["yes", "no"])}
            for i in range(rng.randint(1, 2))
        ],
        "savings": [
            {"kind": rng.choice(SAVING_KINDS), "amount": rng.choice([100, 500, 1200, 8000]), "unit": "EUR",
             "period": rng.choice(["once", "month", "year"]), "method": "Comptabilitat municipal"}
        ] if rng.random() < 0.6 else [],
        "replicated_from": rng.choice(earlier) if earlier and rng.random() < 0.05 else None,
        "resources": [
            {"url": f"https://docs.example.org/{number}/{i}", "name": f"Document {i + 1}",
             "resource_type": rng.choice(RESOURCE_TYPES), "description": "", "language": language}
            for i in range(draw(rng, shape.links_per_project))
        ],
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def forum_text(rng: random.Random, language: str) -> str:
    words = SENTENCES[language]
    return " ".join(rng.sample(words["notes"], 2)).format(subject=rng.choice(SUBJECTS[language]["citizen_attention"]),
                                                          place="el nostre municipi", tech="programari lliure")
