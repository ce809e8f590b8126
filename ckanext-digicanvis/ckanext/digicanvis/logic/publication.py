"""Who sees a project at each step of its life, in one place so that an editorial workflow
(draft → in review → published) can extend it.

Today: a draft is private (its body's members and the observatory see it); a published
project is public. The form shows no visibility choice: the step decides.
"""

from __future__ import annotations

from typing import Any

DRAFT = "draft"
PRIVATE_STATES = (DRAFT,)


def private_for(state: str | None) -> bool:
    return (state or "active") in PRIVATE_STATES


def digicanvis_visibility(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """Validator of the project's ``private`` field: set from the project's state."""
    data[key] = private_for(data.get(("state",)))
