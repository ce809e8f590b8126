"""The observatory's own tables (created by the plugin's Alembic migrations)."""

from .contact import ProjectContact
from .forum import (
    ForumCategory, ForumFlag, ForumFollow, ForumModerationLog, ForumNotification, ForumPost,
    ForumPostRevision, ForumPreference, ForumTopic, ForumTopicProject,
)

__all__ = [
    "ProjectContact", "ForumCategory", "ForumFlag", "ForumFollow", "ForumModerationLog",
    "ForumNotification", "ForumPost", "ForumPostRevision", "ForumPreference", "ForumTopic",
    "ForumTopicProject",
]
