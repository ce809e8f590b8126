"""Project contacts, kept out of the dataset record

Revision ID: 0f1c2b3a4d5e
Revises:
Create Date: 2026-11-26

"""

import sqlalchemy as sa
from alembic import op

revision = "0f1c2b3a4d5e"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_project_contact",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "package_id", sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("role", sa.UnicodeText),
        sa.Column("email", sa.UnicodeText),
        sa.Column("phone", sa.UnicodeText),
        sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade():
    op.drop_table("digicanvis_project_contact")
