"""Free text in Catalan, Spanish and English (issue 14).

Each translatable field ``F`` of the project file has a companion ``F_translated``, a dict
``{"ca": ..., "es": ..., "en": ...}`` (the convention of ckanext-fluent, whose 2015 release
does not run on CKAN 2.12). The plain ``F`` keeps the original text, in the record's
``language``, so plain CKAN clients keep working; the original is also the ``language``
entry of ``F_translated``. Readers get their language, else the original.
"""

from __future__ import annotations

import json
from typing import Any

LANGUAGES = ("ca", "es", "en")
SUFFIX = "_translated"
# Dataset fields, documentation (resource) fields and savings subfields that carry versions.
DATASET_FIELDS = ("title", "notes", "value_proposition", "barriers", "benefits")
RESOURCE_FIELDS = ("name", "description")
SAVINGS_FIELDS = ("method",)


def translated_name(field_name: str) -> str:
    return field_name + SUFFIX


def parse(value: Any) -> dict[str, str]:
    """The versions held in a stored or submitted value (a dict or its JSON text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {lang: text for lang, text in value.items() if lang in LANGUAGES and isinstance(text, str) and text.strip()}


def original_language(record: dict[str, Any]) -> str | None:
    language = record.get("language")
    return language if language in LANGUAGES else None


def versions(item: dict[str, Any], field_name: str, language: str | None) -> dict[str, str]:
    """Every version of a field of ``item`` (the dataset, a resource or a saving); the plain
    value is the version in ``language``, the record's original language."""
    found = parse(item.get(translated_name(field_name)))
    plain = item.get(field_name)
    if language and isinstance(plain, str) and plain.strip():
        found[language] = plain
    return found


def tagged(item: dict[str, Any], field_name: str, language: str | None) -> list[tuple[str, str | None]]:
    """(text, language tag) of every version of a field, as RDF carries them: each version
    tagged with its language; the original of a record in another language untagged."""
    plain = item.get(field_name)
    untagged = [(plain, None)] if language is None and isinstance(plain, str) and plain.strip() else []
    return untagged + [(text, lang) for lang, text in versions(item, field_name, language).items()]


def for_reader(item: dict[str, Any], field_name: str, reader: str, original: str | None) -> tuple[str, str | None]:
    """(text, its language) for a reader: their language's version, else the original.

    The language is None when the original's language is unknown (``other``)."""
    found = versions(item, field_name, original)
    if reader in found:
        return found[reader], reader
    return item.get(field_name) or "", original


def all_texts(record: dict[str, Any]) -> dict[str, list[str]]:
    """language -> every translatable text of a project in that language (for the index)."""
    original = original_language(record)
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}

    def collect(item: dict[str, Any], fields: tuple[str, ...]) -> None:
        for field_name in fields:
            for lang, text in versions(item, field_name, original).items():
                texts[lang].append(text)

    collect(record, tuple(f for f in DATASET_FIELDS if f != "title"))
    for resource in record.get("resources") or []:
        collect(resource, RESOURCE_FIELDS)
    for saving in record.get("savings") or []:
        if isinstance(saving, dict):
            collect(saving, SAVINGS_FIELDS)
    return texts


def reader_language() -> str:
    """The language of the page being served (the site's default outside a request)."""
    import ckan.plugins.toolkit as tk
    from ckan.common import request

    language = None
    try:
        if request:
            language = tk.h.lang()
    except RuntimeError:  # no request: a command or a job
        language = None
    language = language or tk.config.get("ckan.locale_default")
    return language if language in LANGUAGES else LANGUAGES[0]


def localise(record: dict[str, Any], reader: str) -> dict[str, Any]:
    """A project as a reader of ``reader`` sees it on a page: each translatable text in
    their language, else the original. ``digicanvis_languages`` says which language each
    shown text is in and ``digicanvis_fallback`` which fields fell back to the original,
    for the page's note and ``lang`` attributes. Only for pages (before_dataset_view):
    forms and the API keep the originals."""
    original = original_language(record)
    shown: dict[str, str | None] = {}
    fallback: list[str] = []

    def swap(item: dict[str, Any], field_name: str, label: str) -> None:
        if not item.get(field_name) and not parse(item.get(translated_name(field_name))):
            return
        text, language = for_reader(item, field_name, reader, original)
        item[field_name] = text
        shown[label] = language
        if language != reader:
            fallback.append(label)

    for field_name in DATASET_FIELDS:
        swap(record, field_name, field_name)
    for index, resource in enumerate(record.get("resources") or []):
        for field_name in RESOURCE_FIELDS:
            swap(resource, field_name, f"resources.{index}.{field_name}")
    for index, saving in enumerate(record.get("savings") or []):
        if isinstance(saving, dict):
            for field_name in SAVINGS_FIELDS:
                swap(saving, field_name, f"savings.{index}.{field_name}")
    record["digicanvis_languages"] = shown
    record["digicanvis_fallback"] = fallback
    return record
