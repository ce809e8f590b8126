"""Membership requests, moderation notes on notifications, accent-free name matching

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_membership_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default="web"),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="pending"),
        sa.Column("role", sa.UnicodeText),
        sa.Column("decided_by", sa.UnicodeText, sa.ForeignKey("user.id")),
        sa.Column("decision_note", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("decided", sa.DateTime),
    )
    op.create_index("digicanvis_membership_request_open", "digicanvis_membership_request",
                    ["user_id", "organization_id"], unique=True, postgresql_where=sa.text("status = 'pending'"))
    op.add_column("digicanvis_forum_notification", sa.Column("note", sa.UnicodeText))
    # Pickers match names without accents; unaccent is a trusted extension (PostgreSQL 13+),
    # so the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


def downgrade():
    op.drop_column("digicanvis_forum_notification", "note")
    op.drop_index("digicanvis_membership_request_open", table_name="digicanvis_membership_request")
    op.drop_table("digicanvis_membership_request")
