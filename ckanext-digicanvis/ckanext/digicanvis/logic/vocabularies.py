"""The observatory's controlled vocabularies, read from ``schemas/vocabularies/<scheme>.yaml``.

One source for three readers: the project schema's choice lists (``choices``, through the
``digicanvis_vocabulary_choices`` helper), the technologies the form suggests and the
validator spells canonically, and the SKOS concept schemes the linked-data plugin serves.
A concept's ``code`` is what a project stores; labels and definitions are ca/es/en.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("ca", "es", "en")
PACKAGE = "ckanext.digicanvis.schemas"


@dataclass(frozen=True)
class Concept:
    code: str
    label: dict[str, str]
    definition: dict[str, str]
    exact_match: tuple[str, ...] = ()
    close_match: tuple[str, ...] = ()
    ipsx: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The concept's IRI fragment: its code, lower case, other characters as hyphens."""
        return re.sub(r"[^a-z0-9_]+", "-", self.code.lower()).strip("-")


@dataclass(frozen=True)
class Scheme:
    name: str
    title: dict[str, str]
    definition: dict[str, str]
    concepts: tuple[Concept, ...] = field(default=())
    # Open schemes (technologies) suggest values; a project may store others.
    open: bool = False

    def concept(self, code: Any) -> Concept | None:
        return next((c for c in self.concepts if c.code == code), None)

    def by_slug(self, slug: str) -> Concept | None:
        return next((c for c in self.concepts if c.slug == slug), None)

    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.concepts)


@cache
def scheme_names() -> tuple[str, ...]:
    folder = resources.files(PACKAGE) / "vocabularies"
    return tuple(sorted(entry.name[: -len(".yaml")] for entry in folder.iterdir() if entry.name.endswith(".yaml")))


@cache
def scheme(name: str) -> Scheme:
    """The scheme called ``name``; KeyError for an unknown one (a URL may carry any name)."""
    if name not in scheme_names():
        raise KeyError(name)
    raw = yaml.safe_load((resources.files(PACKAGE) / "vocabularies" / f"{name}.yaml").read_text(encoding="utf-8"))
    concepts = tuple(
        Concept(
            code=str(item["code"]),
            label=item["label"],
            definition=item["definition"],
            exact_match=tuple(item.get("exact_match", ())),
            close_match=tuple(item.get("close_match", ())),
            ipsx=tuple(item.get("ipsx", ())),
        )
        for item in raw["concepts"]
    )
    return Scheme(name=raw["scheme"], title=raw["title"], definition=raw["definition"],
                  concepts=concepts, open=bool(raw.get("open")))


def labels(name: str) -> dict[str, dict[str, str]]:
    """``{code: {lang: label}}`` of a scheme, for every language (ca, es, en).

    The seam for other capabilities that need the labels as data (search synonyms, exports).
    """
    return {concept.code: dict(concept.label) for concept in scheme(name).concepts}


def choices(name: str) -> list[dict[str, Any]]:
    """A scheming choice list (``value`` + ``label`` by language) of a scheme."""
    return [{"value": concept.code, "label": dict(concept.label)} for concept in scheme(name).concepts]


def canonical_spelling(name: str, value: str) -> str:
    """The scheme's spelling of a code matching ``value`` case-insensitively, else ``value``."""
    wanted = value.strip().casefold()
    return next((c.code for c in scheme(name).concepts if c.code.casefold() == wanted), value.strip())


def phase_for_ipsx_status(status: str) -> str | None:
    """The project phase an IPS-X status label means (``Pilot`` → ``pilot``), or None."""
    wanted = status.strip().casefold()
    for concept in scheme("phase").concepts:
        if any(label.casefold() == wanted for label in concept.ipsx):
            return concept.code
    return None
