"""Needs posted by local bodies, their suggested projects, and each body's notification choice

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "5e6f708192a3"
down_revision = "4d5e6f708192"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_need",
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_topic.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False, index=True),
        sa.Column("area", sa.UnicodeText, nullable=False),
        sa.Column("technologies", ARRAY(sa.UnicodeText), nullable=False, server_default="{}"),
        sa.Column("budget_range", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("solved_at", sa.DateTime),
        sa.Column("solved_by", sa.UnicodeText, sa.ForeignKey("user.id")),
        sa.Column("solved_project_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="SET NULL"), index=True),
        sa.Column("solved_post_id", sa.UnicodeText, sa.ForeignKey("digicanvis_forum_post.id", ondelete="SET NULL")),
    )
    op.create_table(
        "digicanvis_need_suggestion",
        sa.Column("topic_id", sa.UnicodeText, sa.ForeignKey("digicanvis_need.topic_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True, index=True),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False, server_default="0"),
        sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("pinned_by", sa.UnicodeText, sa.ForeignKey("user.id")),
        sa.Column("notified_at", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "digicanvis_need_body_setting",
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("notify_suggestions", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("updated_by", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("digicanvis_need_body_setting")
    op.drop_table("digicanvis_need_suggestion")
    op.drop_table("digicanvis_need")
