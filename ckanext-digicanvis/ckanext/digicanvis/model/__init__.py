"""The observatory's own tables (created by the plugin's Alembic migrations)."""

from .collaboration import BlockedSender, CollaborationInterest, ContactRequest, VisitReport, VisitRequest
from .contact import ProjectContact
from .limits import SendLog
from .forum import (
    ForumCategory, ForumFlag, ForumFollow, ForumModerationLog, ForumNotification, ForumPost,
    ForumPostRevision, ForumPreference, ForumTopic, ForumTopicProject,
)

__all__ = [
    "BlockedSender", "CollaborationInterest", "ContactRequest", "VisitReport", "VisitRequest",
    "ProjectContact", "ForumCategory", "ForumFlag", "ForumFollow", "ForumModerationLog",
    "ForumNotification", "ForumPost", "ForumPostRevision", "ForumPreference", "ForumTopic",
    "ForumTopicProject", "SendLog",
]
