"""users: the accounts that sign in to the web UI, with a role and a language; an index for
the review queue (claims of one status in document order, a page at a time)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("language", sa.String(12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("password_changed_at", sa.String(40), nullable=False),
        sa.Column("deactivated_at", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_account"),
        sa.UniqueConstraint("name", name="uq_user_account_name"),
    )
    op.create_index("ix_claim_status_document_id_seq", "claim", ["status", "document_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_claim_status_document_id_seq", "claim")
    op.drop_table("user_account")
