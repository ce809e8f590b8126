"""Contact requests, visit requests and reports, collaboration interests, blocked senders

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2026-11-26

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def package_fk():
    return sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True)


def user_fk(name):
    return sa.Column(name, sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)


def upgrade():
    op.create_table(
        "digicanvis_contact_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        package_fk(),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False, index=True),
        user_fk("sender_id"),
        sa.Column("message", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="sent"),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "digicanvis_visit_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        package_fk(),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False, index=True),
        user_fk("requester_id"),
        sa.Column("visiting_body_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False),
        sa.Column("purpose", sa.UnicodeText, nullable=False),
        sa.Column("proposed_dates", ARRAY(sa.Date), nullable=False),
        sa.Column("visitors", sa.Integer, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="requested"),
        sa.Column("host_message", sa.UnicodeText),
        sa.Column("host_dates", ARRAY(sa.Date)),
        sa.Column("accepted_date", sa.Date),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "digicanvis_visit_report",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("visit_id", sa.UnicodeText, sa.ForeignKey("digicanvis_visit_request.id", ondelete="CASCADE"), nullable=False, unique=True),
        package_fk(),
        sa.Column("visiting_body_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False),
        user_fk("author_id"),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "digicanvis_collaboration_interest",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        package_fk(),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id"), nullable=False),
        user_fk("user_id"),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("package_id", "organization_id", "kind"),
    )
    op.create_table(
        "digicanvis_blocked_sender",
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("blocked_by", sa.UnicodeText, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )


def downgrade():
    for table in ("digicanvis_blocked_sender", "digicanvis_collaboration_interest", "digicanvis_visit_report",
                  "digicanvis_visit_request", "digicanvis_contact_request"):
        op.drop_table(table)
