"""The observatory's own tables (created by the plugin's Alembic migrations)."""

from .accounts import MembershipRequest
from .collaboration import BlockedSender, CollaborationInterest, ContactRequest, VisitReport, VisitRequest
from .contact import ProjectContact
from .freshness import BodyReminder, PhaseChange, ProjectFreshness
from .harvest import HarvestOutcome, HarvestRecord
from .limits import SendLog
from .forum import (
    ForumCategory, ForumFlag, ForumFollow, ForumModerationLog, ForumNotification, ForumPost,
    ForumPostRevision, ForumPreference, ForumTopic, ForumTopicProject,
)
from .notices import ProjectNotice
from .review import ReviewEvent
from .needs import Need, NeedBodySetting, NeedSuggestion

__all__ = [
    "MembershipRequest",
    "BlockedSender", "CollaborationInterest", "ContactRequest", "VisitReport", "VisitRequest",
    "ProjectContact", "ForumCategory", "ForumFlag", "ForumFollow", "ForumModerationLog",
    "ForumNotification", "ForumPost", "ForumPostRevision", "ForumPreference", "ForumTopic",
    "ForumTopicProject", "HarvestOutcome", "HarvestRecord",
    "BodyReminder", "PhaseChange", "ProjectFreshness", "ProjectNotice", "ReviewEvent",
    "Need", "NeedBodySetting", "NeedSuggestion", "SendLog",
]
