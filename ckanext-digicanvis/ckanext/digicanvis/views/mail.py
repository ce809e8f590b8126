"""/ckan-admin/mail: for sysadmins, the e-mails that could not be sent after every retry, and
the messages of the local mail sink (a development site's outbox)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.views.forum import call

mail_pages = Blueprint("digicanvis_mail", __name__, url_prefix="/ckan-admin/mail")


@mail_pages.route("/")
def index() -> Any:
    try:
        failures = call("digicanvis_mail_failures_list")
        messages = call("digicanvis_mail_sink_list")
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins may read the site's e-mail"))
    return tk.render("admin/mail.html", {"failures": failures, "messages": messages,
                                         "sink": tk.h.digicanvis_mail_sink_enabled()})
