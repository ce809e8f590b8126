"""Query-time synonyms for the project search, generated from one source: the observatory's
vocabularies (``schemas/vocabularies/``: the labels of the topic schemes and of the
technologies, through ``logic.vocabularies``) and the councils' own words in
``schemas/search_terms.yaml``, each a group of ca/es/en names.

``scripts/solr_home.py`` writes the lines into the Solr home at every start (no CKAN is
needed: this module reads only YAML). Solr applies them after its own normalising filters
(schema-extra.xml), so each name is normalised the same way here: "l·l" joined, Catalan
elisions dropped, lower case, stop words dropped, accents folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

import yaml

from ckanext.digicanvis.logic import vocabularies

LANGUAGES = ("ca", "es", "en")
# Choice fields (each with the vocabulary scheme of its name) whose labels name a topic a
# reader may type (phase and language do not).
TOPIC_CHOICE_FIELDS = ("area", "transformation_type", "maturity_level")
ELISIONS = ("l", "d", "n", "s", "m", "t")
GEMINATE_L = re.compile(r"([lL])[·∙•.\-]([lL])")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
ELIDED = re.compile(r"^(?:%s)['’]" % "|".join(ELISIONS), re.IGNORECASE)
# "Internet de les coses (IoT)": a name and its abbreviation in brackets.
ABBREVIATED = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]+)\)\s*$")


def _schema_file(name: str) -> Any:
    return yaml.safe_load((resources.files("ckanext.digicanvis.schemas") / name).read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """Lower case without accents, as Solr's LowerCase and ASCIIFolding filters leave it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(phrase: str, stopwords: frozenset[str] = frozenset()) -> str:
    """A name as the search fields' analysers leave it before the synonyms filter."""
    words = []
    for word in WORD.findall(GEMINATE_L.sub(r"\1\2", phrase)):
        word = ELIDED.sub("", word).casefold()
        if word in stopwords:
            continue
        words.append(fold(word))
    return " ".join(words)


def choice_label_groups() -> Iterator[list[str]]:
    for scheme in TOPIC_CHOICE_FIELDS:
        for label in vocabularies.labels(scheme).values():
            yield [label[lang] for lang in LANGUAGES if label.get(lang)]


def spellings(name: str) -> list[str]:
    """The ways a reader types a name: "Internet de les coses (IoT)" is typed "internet de
    les coses" or "IoT", seldom both (and a synonym of several words must match in full)."""
    abbreviated = ABBREVIATED.match(name)
    return [abbreviated["name"], abbreviated["short"]] if abbreviated else [name]


def technology_groups() -> Iterator[list[str]]:
    for code, label in vocabularies.labels("technologies").items():
        names = [code, *(label[lang] for lang in LANGUAGES if label.get(lang))]
        yield [spelling for name in names for spelling in spellings(name)]


def council_term_groups() -> Iterator[list[str]]:
    for group in _schema_file("search_terms.yaml"):
        yield [name for lang in LANGUAGES for name in group.get(lang, [])]


def term_groups() -> Iterator[list[str]]:
    """Every group of names for one thing, in ca/es/en, from every source."""
    yield from choice_label_groups()
    yield from technology_groups()
    yield from council_term_groups()


def synonym_lines(groups: Iterable[list[str]], stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Solr synonym lines ("a, b c, d"): equivalent names, normalised, one group a line;
    groups whose names all normalise to one are dropped (nothing to bridge)."""
    lines = []
    for group in groups:
        names: list[str] = []
        for name in group:
            normal = normalise(name, stopwords)
            if normal and normal not in names:
                names.append(normal)
        # "online appointment" adds nothing to "appointment" but weight: each matching
        # variant adds to a project's score, so wordy versions would outrank the others.
        names = [name for name in names if not any(other != name and f" {other} " in f" {name} " for other in names)]
        if len(names) > 1:
            lines.append(", ".join(names))
    return lines
