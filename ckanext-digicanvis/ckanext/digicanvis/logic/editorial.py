"""The observatory's editorial pages (about, how to document a project, FAQ) and news, kept
in ``data/pages/`` and loaded into ckanext-pages by ``ckan digicanvis load-pages``.

Languages: one page per language. ckanext-pages 0.7.8 stores one title and one text per
page; its table has a ``lang`` column, but no action, schema or view reads or writes it, and
``/pages/<name>`` shows the same text whatever the reader's language. So the default
language (Catalan) takes the bare name and each other language a page of its own with a
suffix: ``/pages/about``, ``/pages/about-es``, ``/pages/about-en`` (news: ``/blog/welcome``,
``/blog/welcome-es``...). Every text links to its other versions (relative links, so they keep
the reader's ``/es/``/``/en/`` prefix): pages at the top, news at the bottom, since the
news list shows the start of each item. Only the default language's pages go in the main
menu: ckanext-pages builds the menu from the pages' ``order``, the same for every reader.

Ownership: the files are the source, but the site may be edited by hand. The loader
compares before it writes (ckanext-pages adds a revision on every write), so a second run
writes nothing; a page whose last writer is not the site user was edited on the site and
is kept unless ``force`` is given. The stored pages are read from ckanext-pages' model, not
``ckanext_pages_show``: the edit form sends the shown page back, ``user_id`` included, which
ckanext-pages keeps in the page's extras and lays over the real last writer when it shows
the page. Writes go through ``ckanext_pages_update``. A page deleted on the site comes
back: ckanext-pages deletes the row, so nothing tells it from a page never loaded.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.pages import db as pages_db
from ckanext.pages import ordering

from ckanext.digicanvis.helpers import digicanvis_operator

CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept"
PAGE_TYPES = ("page", "blog")
FRONT_MATTER = "---"
# Each language named in itself: the links to a page's other versions.
LANGUAGE_NAMES = {"ca": "Català", "es": "Castellano", "en": "English"}


@dataclass(frozen=True)
class EditorialPage:
    """One page in one language, with the fields the loader owns as ckanext-pages stores them."""

    name: str
    language: str
    page_type: str
    title: str
    content: str
    order: str = ""  # "" keeps it out of the main menu
    publish_date: str | None = None  # ISO date and time; news only

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "content": self.content,
            "page_type": self.page_type,
            "order": self.order,
            "private": False,
            "publish_date": self.publish_date,
        }


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def add(self, outcome: str, name: str) -> None:
        getattr(self, outcome).append(name)


# ---------------------------------------------------------------- the files


def _pages_folder() -> Traversable:
    return resources.files("ckanext.digicanvis") / "data" / "pages"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``---``-delimited YAML at the top of a markdown file, and the markdown after it."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        return {}, text.strip()
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FRONT_MATTER)
    except StopIteration:
        raise ValueError("front matter without its closing ---") from None
    return yaml.safe_load("\n".join(lines[1:end])) or {}, "\n".join(lines[end + 1 :]).strip()


def page_name(base: str, language: str, default_language: str) -> str:
    return base if language == default_language else f"{base}-{language}"


def _iso(value: Any) -> str | None:
    """A publish date from the index as ckanext-pages shows it back (``isoformat()``)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    return value.isoformat()


def _menu_order(menu: Mapping[str, Any] | None) -> str:
    if not menu:
        return ""
    return ordering.encode(menu["position"], menu.get("rank"))


def _language_links(base: str, language: str, languages: list[str]) -> str:
    """``**Català** · [Castellano](about-es) · [English](about-en)``: the page's versions."""
    links = []
    for other in languages:
        label = LANGUAGE_NAMES.get(other, other)
        if other == language:
            links.append(f"**{label}**")
        else:
            links.append(f"[{label}]({page_name(base, other, languages[0])})")
    return " · ".join(links)


def _fill(text: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def operator_values(operator: Mapping[str, str]) -> dict[str, str]:
    """What ``{operator_name}``, ``{operator_url}`` and ``{accessibility_contact}`` (an e-mail
    address or a web address; ``_link`` its link) become; brackets would end a link text."""
    name = operator["name"].replace("[", r"\[").replace("]", r"\]")
    contact = operator.get("accessibility_contact") or operator["url"]
    link = contact if "://" in contact or "@" not in contact else f"mailto:{contact}"
    return {"operator_name": name, "operator_url": operator["url"],
            "accessibility_contact": contact.replace("[", r"\[").replace("]", r"\]"),
            "accessibility_contact_link": link}


def editorial_pages(operator: Mapping[str, str] | None = None) -> list[EditorialPage]:
    """Every page of ``data/pages/index.yaml`` in every language, ready to store.

    ``operator`` (``name``, ``url``) defaults to the site's ``ckanext.digicanvis.operator.*``.
    """
    folder = _pages_folder()
    index = yaml.safe_load((folder / "index.yaml").read_text(encoding="utf-8"))
    languages: list[str] = index["languages"]
    values = operator_values(operator or digicanvis_operator())
    pages = []
    for entry in index["pages"]:
        base, page_type = entry["name"], entry.get("type", "page")
        if page_type not in PAGE_TYPES:
            raise ValueError(f"{base}: type must be one of {PAGE_TYPES}, not {page_type!r}")
        for language in languages:
            meta, body = split_front_matter((folder / f"{base}.{language}.md").read_text(encoding="utf-8"))
            links, body = _language_links(base, language, languages), _fill(body, values)
            content = f"{body}\n\n---\n\n{links}" if page_type == "blog" else f"{links}\n\n{body}"
            pages.append(
                EditorialPage(
                    name=page_name(base, language, languages[0]),
                    language=language,
                    page_type=page_type,
                    title=meta["title"],
                    content=content,
                    # The menu is the same for every reader: the default language only.
                    order=_menu_order(entry.get("menu")) if language == languages[0] else "",
                    publish_date=_iso(entry.get("published")),
                )
            )
    return pages


# ---------------------------------------------------------------- ckanext-pages


def site_user() -> dict[str, Any]:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


@dataclass(frozen=True)
class StoredPage:
    fields: dict[str, Any]  # as EditorialPage.fields()
    user_id: str  # who wrote it last


def stored_pages() -> dict[str, StoredPage]:
    """The site's pages (not organisations' or groups'), by name, as stored."""
    rows = model.Session.query(pages_db.Page).filter(pages_db.Page.group_id.is_(None))
    return {
        row.name: StoredPage(
            fields={
                "title": row.title or "",
                "content": row.content or "",
                "page_type": row.page_type or "page",
                "order": row.order or "",
                "private": row.private,
                "publish_date": row.publish_date.isoformat() if row.publish_date else None,
            },
            user_id=row.user_id or "",
        )
        for row in rows
    }


def _save(page: EditorialPage, user_name: str) -> None:
    # `page` finds the stored row (or names the new one); every owned field is sent, since
    # ckanext-pages sets the ones left out to empty.
    data = {"org_id": None, "page": page.name, "name": page.name, **page.fields()}
    if data["publish_date"] is None:
        del data["publish_date"]
    tk.get_action("ckanext_pages_update")({"user": user_name}, data)


def load_page(page: EditorialPage, stored: StoredPage | None, user: Mapping[str, Any], force: bool = False) -> str:
    """Create, update or leave alone one page as ``user`` (the site user); which happened."""
    if stored is None:
        _save(page, user["name"])
        return CREATED
    if stored.fields == page.fields():
        return UNCHANGED
    if stored.user_id != user["id"] and not force:
        return KEPT
    _save(page, user["name"])
    return UPDATED


def load_pages(pages: Iterable[EditorialPage], force: bool = False) -> LoadReport:
    report = LoadReport()
    user = site_user()
    stored = stored_pages()
    for page in pages:
        report.add(load_page(page, stored.get(page.name), user, force), page.name)
    return report
