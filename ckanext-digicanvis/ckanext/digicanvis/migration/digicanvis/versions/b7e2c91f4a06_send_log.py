"""The send log the abuse limits count (requests and notifications sent, never deleted with them)

Revision ID: b7e2c91f4a06
Revises: 3c11a7e5b0d1
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e2c91f4a06"
down_revision = "3c11a7e5b0d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digicanvis_send_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sender_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=True),
        sa.Column("count", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("digicanvis_send_log_sender_kind_created", "digicanvis_send_log", ["sender_id", "kind", "created"])
    # What was sent before this table existed, as far as it remains, counts too.
    op.execute("INSERT INTO digicanvis_send_log (sender_id, kind, package_id, created) "
               "SELECT sender_id, 'contact', package_id, created FROM digicanvis_contact_request")
    op.execute("INSERT INTO digicanvis_send_log (sender_id, kind, package_id, created) "
               "SELECT requester_id, 'visit', package_id, created FROM digicanvis_visit_request")


def downgrade():
    op.drop_table("digicanvis_send_log")
