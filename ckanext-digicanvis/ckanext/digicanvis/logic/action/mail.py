"""Outgoing e-mail for sysadmins (logic/mail.py). Auth: logic/auth/mail.py."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import mail

__all__ = ["digicanvis_mail_failures_list", "digicanvis_mail_sink_list"]


@tk.side_effect_free
def digicanvis_mail_failures_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """E-mail jobs that failed every retry, newest first, with the last error."""
    tk.check_access("digicanvis_mail_failures_list", context, data_dict)
    return mail.failed_emails()


@tk.side_effect_free
def digicanvis_mail_sink_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The messages kept by the local mail sink (``ckanext.digicanvis.mail.sink_dir``), newest first."""
    tk.check_access("digicanvis_mail_sink_list", context, data_dict)
    return mail.sink_messages()
