"""/local-bodies: the directory of local bodies (logic/directory.py); CKAN's /organization/
list sends people here (plugin.py), since it stops at 1,000."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import Page

from ckanext.digicanvis.logic import directory

local_bodies = Blueprint("digicanvis_bodies", __name__, url_prefix="/local-bodies")
PER_PAGE = 25


@local_bodies.route("/")
def index() -> Any:
    tk.check_access("organization_list", {"user": tk.current_user.name})
    args = tk.request.args
    q = args.get("q", "")
    chosen = {key: args.get(key, "") for key in directory.FILTERS if args.get(key)}
    sort = args.get("sort") if args.get("sort") in directory.SORTS else "title"
    number = tk.h.get_page_number(args)
    total, bodies = directory.page_of(q, chosen, sort, number, PER_PAGE)

    def url(q: Any = None, page: int = 1) -> str:
        return tk.h.url_for("digicanvis_bodies.index", **{**args.to_dict(), "page": page})
    page = Page(collection=bodies, page=number, url=url, item_count=total, items_per_page=PER_PAGE, presliced_list=True)
    return tk.render("organization/directory.html", {
        "page": page, "q": q, "chosen": chosen, "sort": sort, "choices": directory.choices(chosen), "total": total,
    })


def organization_index_redirect(*args: Any, **kwargs: Any) -> Any:
    """CKAN's organisation list → the directory (same search words)."""
    return tk.redirect_to("digicanvis_bodies.index", **tk.request.args.to_dict())
