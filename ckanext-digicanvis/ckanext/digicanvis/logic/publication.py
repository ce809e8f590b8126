"""Who sees a project at each step of its life, in one place so that an editorial workflow
(draft → in review → published) can extend it.

- A draft is private: its body's members and the observatory see it.
- Publishing a draft (the form's last step) makes it public: the form asks no visibility.
- Otherwise (the API, harvesters) the ``private`` flag given is kept; public by default.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

DRAFT = "draft"
PRIVATE_STATES = (DRAFT,)


def is_private_state(state: str | None) -> bool:
    return (state or "active") in PRIVATE_STATES


def is_publishing(context: Any, state: str | None) -> bool:
    """A draft in the database that this update makes visible."""
    existing = context.get("package")
    return existing is not None and existing.state in PRIVATE_STATES and not is_private_state(state)


def digicanvis_visibility(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Validator of the project's ``private`` field (see the module's rules)."""
    state = data.get(("state",))
    if is_private_state(state):
        data[key] = True
    elif is_publishing(context, state):
        data[key] = False
    else:
        value = data.get(key)
        data[key] = False if value in (None, "", tk.missing) else tk.asbool(value)
