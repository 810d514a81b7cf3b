"""victim lists: imported lists and their records, as imported and normalised, with name keys;
linkage runs, the clusters they made, and analysts' decisions on pairs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "victim_list",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("document_id", sa.String(40), nullable=True),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("script", sa.String(10), nullable=False),
        sa.Column("sensitivity", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_victim_list_document_id_document"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_victim_list"),
        sa.UniqueConstraint("name", name="uq_victim_list_name"),
    )
    op.create_table(
        "victim_record",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("list_id", sa.String(40), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(100), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=True),
        sa.Column("family_name", sa.Text(), nullable=True),
        sa.Column("father_name", sa.Text(), nullable=True),
        sa.Column("honorifics", sa.JSON(), nullable=False),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("date_precision", sa.String(5), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("given_key", sa.String(100), nullable=False),
        sa.Column("family_key", sa.String(100), nullable=False),
        sa.Column("father_key", sa.String(100), nullable=False),
        sa.Column("full_key", sa.String(200), nullable=False),
        sa.Column("phonetic_key", sa.String(200), nullable=False),
        sa.Column("script", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["victim_list.id"], name="fk_victim_record_list_id_victim_list"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_victim_record"),
        sa.UniqueConstraint("list_id", "record_id", name="uq_victim_record_list_id_record_id"),
    )
    op.create_index("ix_victim_record_list_id", "victim_record", ["list_id"])
    op.create_index("ix_victim_record_family_key", "victim_record", ["family_key"])
    op.create_table(
        "link_run",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_run"),
    )
    op.create_table(
        "victim_cluster_member",
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(40), nullable=False),
        sa.Column("cluster_id", sa.String(100), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["victim_record.id"],
            name="fk_victim_cluster_member_record_id_victim_record",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_run.id"], name="fk_victim_cluster_member_run_id_link_run"
        ),
        sa.PrimaryKeyConstraint("run_id", "record_id", name="pk_victim_cluster_member"),
    )
    op.create_index("ix_victim_cluster_member_cluster_id", "victim_cluster_member", ["cluster_id"])
    op.create_table(
        "link_decision",
        sa.Column("record_l", sa.String(40), nullable=False),
        sa.Column("record_r", sa.String(40), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_l"], ["victim_record.id"], name="fk_link_decision_record_l_victim_record"
        ),
        sa.ForeignKeyConstraint(
            ["record_r"], ["victim_record.id"], name="fk_link_decision_record_r_victim_record"
        ),
        sa.PrimaryKeyConstraint("record_l", "record_r", name="pk_link_decision"),
    )


def downgrade() -> None:
    op.drop_table("link_decision")
    op.drop_table("victim_cluster_member")
    op.drop_table("link_run")
    op.drop_table("victim_record")
    op.drop_table("victim_list")
