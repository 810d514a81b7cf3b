"""victims: the canonical victim each cluster of a linkage run stands for

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "victim",
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("cluster_id", sa.String(100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_fa", sa.Text(), nullable=True),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["link_run.id"], name="fk_victim_run_id_link_run"),
        sa.PrimaryKeyConstraint("run_id", "id", name="pk_victim"),
    )
    op.create_index("ix_victim_id", "victim", ["id"])


def downgrade() -> None:
    op.drop_table("victim")
