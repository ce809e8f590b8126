"""The forum: categories (`ckan digicanvis forum-init` adds the first ones), topics, posts and their history, flags, moderation log, follows, notifications, preferences

Revision ID: 1a2b3c4d5e6f
Revises: 0f1c2b3a4d5e
Create Date: 2026-11-26

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "1a2b3c4d5e6f"
down_revision = "0f1c2b3a4d5e"
branch_labels = None
depends_on = None

def now():
    return sa.func.now()


def upgrade():
    op.create_table(
        "digicanvis_forum_category",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", JSONB, nullable=False),
        sa.Column("description", JSONB, nullable=False, server_default="{}"),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="active"),
    )
    op.create_table(
        "digicanvis_forum_topic",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("category_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_category.id"), nullable=False, index=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False, server_default="discussion"),
        sa.Column("author_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("tags", ARRAY(sa.UnicodeText), nullable=False, server_default="{}"),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now()),
        sa.Column("last_activity", sa.DateTime, nullable=False, server_default=now(), index=True),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="active"),
        sa.Column("answer_post_id", sa.UnicodeText),
        sa.Column("discussion_of", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), unique=True),
    )
    op.create_table(
        "digicanvis_forum_topic_project",
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True, index=True),
    )
    op.create_table(
        "digicanvis_forum_post",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("parent_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE")),
        sa.Column("author_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False, index=True),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now(), index=True),
        sa.Column("edited", sa.DateTime),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="active"),
    )
    # Full-text search over posts (PostgreSQL's own engine; 'simple': no stemming, any language).
    op.execute(
        "CREATE INDEX digicanvis_forum_post_text ON digicanvis_forum_post "
        "USING gin (to_tsvector('simple', body))"
    )
    op.create_table(
        "digicanvis_forum_post_revision",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("edited_by", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("replaced_at", sa.DateTime, nullable=False, server_default=now()),
    )
    op.create_table(
        "digicanvis_forum_flag",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now()),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("post_id", "user_id"),
    )
    op.create_table(
        "digicanvis_forum_moderation_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actor_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE")),
        sa.Column("post_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE")),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now()),
    )
    op.create_table(
        "digicanvis_forum_follow",
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("object_type", sa.UnicodeText, primary_key=True),
        sa.Column("object_id", sa.UnicodeText, primary_key=True, index=True),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now()),
    )
    op.create_table(
        "digicanvis_forum_notification",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), nullable=False),
        sa.Column("post_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=now()),
        sa.Column("read_at", sa.DateTime),
        sa.Column("emailed_at", sa.DateTime),
    )
    op.create_table(
        "digicanvis_forum_preference",
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("email_mode", sa.UnicodeText, nullable=False, server_default="immediate"),
    )


def downgrade():
    for table in (
        "digicanvis_forum_preference", "digicanvis_forum_notification", "digicanvis_forum_follow",
        "digicanvis_forum_moderation_log", "digicanvis_forum_flag", "digicanvis_forum_post_revision",
        "digicanvis_forum_post", "digicanvis_forum_topic_project", "digicanvis_forum_topic",
        "digicanvis_forum_category",
    ):
        op.drop_table(table)
