"""The observatory's own tables (created by the plugin's Alembic migrations)."""

from .contact import ProjectContact

__all__ = ["ProjectContact"]
