"""Outgoing e-mail is for sysadmins only: messages hold people's addresses and texts."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["digicanvis_mail_failures_list", "digicanvis_mail_sink_list"]


def _sysadmins_only() -> AuthResult:
    # CKAN lets sysadmins through before asking auth functions; everyone else is refused.
    return {"success": False, "msg": tk._("Only sysadmins may read the site's e-mail")}


def digicanvis_mail_failures_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _sysadmins_only()


def digicanvis_mail_sink_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _sysadmins_only()
