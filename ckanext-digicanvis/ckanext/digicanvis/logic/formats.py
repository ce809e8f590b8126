"""Dates, counts and money in the reader's (or an e-mail recipient's) language, through Babel
(pinned in requirements.txt) and the CLDR data it carries: one place for every page, e-mail
and export that shows them.

    ca  1 de desembre de 2026   1.633   12.500 €
    es  1 de diciembre de 2026  1.633   12.500 €
    en  December 1, 2026        1,633   €12,500

Called inside a request (or ``flask_babel.force_locale``) the language is the one being
spoken; ``language`` overrides it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal, parse_pattern

import ckan.plugins.toolkit as tk

__all__ = ["language", "date", "datetime", "number", "decimal", "quantity", "money"]

# Long dates as each language's style guide writes them where CLDR differs: CLDR's Catalan
# "1 de desembre del 2026" is spoken usage; the Generalitat's criteria write "de 2026".
LONG_DATE = {"ca": "d MMMM 'de' y"}
CURRENCY = "EUR"


def language(chosen: str | None = None) -> str:
    if chosen:
        return chosen
    try:
        from flask_babel import get_locale

        spoken = get_locale()
    except RuntimeError:  # no application context: commands, jobs
        spoken = None
    return str(spoken) if spoken else tk.config.get("ckan.locale_default") or "en"


def _zone() -> Any:
    try:
        from ckan.lib.formatters import get_display_timezone

        return get_display_timezone()
    except Exception:  # noqa: BLE001 (no configuration: UTC)
        return dt.timezone.utc


def _as_datetime(value: Any) -> dt.date | None:
    if isinstance(value, str):
        text = value.strip()
        try:  # a day alone ("2026-12-01") stays that day in every time zone
            value = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # CKAN stores UTC without a zone
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(_zone())
    return value if isinstance(value, dt.date) else None


def date(value: Any, language_: str | None = None) -> str:
    """The long date: "1 de desembre de 2026"; "" for nothing or something that is not a date."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    locale = language(language_)
    return format_date(moment, LONG_DATE.get(locale, "long"), locale=locale)


def datetime(value: Any, language_: str | None = None) -> str:
    """The long date and short time joined by the language's own pattern: "1 de desembre de
    2026, 9:30" (CKAN writes English order in every language: "de desembre 1, 2026, 09:30")."""
    moment = _as_datetime(value)
    if not isinstance(moment, dt.datetime):
        return date(moment, language_)
    locale = language(language_)
    pattern = get_datetime_format("long", locale=locale).replace("'", "")
    return pattern.replace("{0}", format_time(moment, "short", locale=locale)).replace("{1}", date(moment, locale))


def _number(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number_ = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number_ if number_.is_finite() else None


def number(value: Any, language_: str | None = None) -> str:
    """A whole number with the language's grouping: 1.633 (ca, es), 1,633 (en)."""
    found = _number(value)
    if found is None:
        return ""
    return format_decimal(int(found.to_integral_value()), format="#,##0", locale=language(language_))


def decimal(value: Any, digits: int = 1, language_: str | None = None) -> str:
    """A number with ``digits`` decimals: 12,3 (ca, es), 12.3 (en)."""
    found = _number(value)
    if found is None:
        return ""
    return format_decimal(round(found, digits), format="#,##0." + "0" * digits if digits else "#,##0",
                          locale=language(language_), decimal_quantization=True)


def quantity(value: Any, language_: str | None = None) -> str:
    """A measured amount with the decimals it has (up to two): 1.250,5 (ca, es), 1,250.5 (en)."""
    found = _number(value)
    if found is None:
        return ""
    return format_decimal(found, format="#,##0.##", locale=language(language_))


def money(value: Any, language_: str | None = None, currency: str = CURRENCY) -> str:
    """An amount in the language's currency pattern, cents only when there are some:
    12.500 € (ca, es), €12,500 (en), 12.500,50 €."""
    found = _number(value)
    if found is None:
        return ""
    locale = Locale.parse(language(language_))
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    cents = 0 if found == found.to_integral_value() else 2
    pattern.frac_prec = (cents, cents)
    return pattern.apply(found, locale, currency=currency, currency_digits=False)
