"""Harvest provenance records and job report lines

Revision ID: 3c11a7e5b0d1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "3c11a7e5b0d1"
down_revision = "e5f6a7b8c9d0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_harvest_record",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("source_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("source_title", sa.UnicodeText, nullable=False),
        sa.Column("guid", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="active"),
        sa.Column("original_url", sa.UnicodeText),
        sa.Column("title", sa.UnicodeText),
        sa.Column("content_hash", sa.UnicodeText),
        sa.Column("project_hash", sa.UnicodeText),
        sa.Column("first_harvested", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("last_harvested", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("withdrawn_at", sa.DateTime),
        sa.UniqueConstraint("source_id", "guid"),
    )
    op.create_table(
        "digicanvis_harvest_outcome",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("outcome", sa.UnicodeText, nullable=False),
        sa.Column("guid", sa.UnicodeText),
        sa.Column("row", sa.Integer),
        sa.Column("title", sa.UnicodeText),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("field", sa.UnicodeText),
        sa.Column("message", sa.UnicodeText),
        sa.Column("params", JSONB),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("digicanvis_harvest_outcome")
    op.drop_table("digicanvis_harvest_record")
