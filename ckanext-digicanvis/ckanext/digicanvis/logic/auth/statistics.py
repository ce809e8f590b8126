"""Who may read the statistics: anyone (they count only what the public may see)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["digicanvis_statistics"]


@tk.auth_allow_anonymous_access
def digicanvis_statistics(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}
