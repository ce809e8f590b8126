"""Editorial review (events, notices), fresh records (verification, reminders), phase history;
existing projects get their publication state (public ones published) and their current
phase as the first entry of their history

Revision ID: e5f6a7b8c9d0
Revises: 5e6f708192a3
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "e5f6a7b8c9d0"
down_revision = "5e6f708192a3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_review_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("event", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText),
        sa.Column("to_state", sa.UnicodeText),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("comment", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now(), index=True),
    )
    op.create_table(
        "digicanvis_project_notice",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("actor_id", sa.UnicodeText, sa.ForeignKey("user.id")),
        sa.Column("note", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("read_at", sa.DateTime),
    )
    op.create_table(
        "digicanvis_project_freshness",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("verified_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("verified_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("confirmed", sa.DateTime),
        sa.Column("stale_reminded_at", sa.DateTime),
    )
    op.create_table(
        "digicanvis_body_reminder",
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reminded_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "digicanvis_phase_change",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("phase", sa.UnicodeText, nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
    )
    # Existing projects: public ones are published, the rest drafts; verified when last
    # modified; their phase known since they were made.
    op.execute("""
        UPDATE package SET extras = coalesce(extras, '{}'::jsonb) || jsonb_build_object('publication_state',
            CASE WHEN state = 'active' AND NOT private THEN 'published' ELSE 'draft' END)
        WHERE type = 'project' AND NOT coalesce(extras, '{}'::jsonb) ? 'publication_state'
    """)
    op.execute("""
        INSERT INTO digicanvis_project_freshness (package_id, verified_at)
        SELECT id, coalesce(metadata_modified, metadata_created, now()) FROM package WHERE type = 'project'
    """)
    op.execute("""
        INSERT INTO digicanvis_phase_change (package_id, phase, changed_at)
        SELECT id, extras->>'phase', coalesce(metadata_created, now()) FROM package
        WHERE type = 'project' AND coalesce(extras->>'phase', '') <> ''
    """)


def downgrade():
    op.execute("UPDATE package SET extras = extras - 'publication_state' WHERE type = 'project'")
    for table in ("digicanvis_phase_change", "digicanvis_body_reminder", "digicanvis_project_freshness",
                  "digicanvis_project_notice", "digicanvis_review_event"):
        op.drop_table(table)
