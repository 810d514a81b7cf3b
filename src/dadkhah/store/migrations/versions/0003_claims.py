"""claims: candidate claims with their figure and sentence spans; extractor per document

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("extractor", sa.String(80), nullable=True))
    op.create_table(
        "claim",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("span_id", sa.String(40), nullable=False),
        sa.Column("context_span_id", sa.String(40), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(20), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("high", sa.BigInteger(), nullable=False),
        sa.Column("qualifier", sa.String(20), nullable=False),
        sa.Column("vague_word", sa.String(100), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("claimed_by_source_id", sa.String(40), nullable=True),
        sa.Column("attribution", sa.String(20), nullable=False),
        sa.Column("reported_by_source_id", sa.String(40), nullable=True),
        sa.Column("event_date", sa.String(10), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("date_claimed", sa.String(10), nullable=True),
        sa.Column("revision_of", sa.String(40), nullable=True),
        sa.Column("subgroup", sa.Boolean(), nullable=False),
        sa.Column("event_hint", sa.Text(), nullable=True),
        sa.Column("language", sa.String(12), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("extractor", sa.String(80), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_claim_document_id_document"
        ),
        sa.ForeignKeyConstraint(["span_id"], ["span.id"], name="fk_claim_span_id_span"),
        sa.ForeignKeyConstraint(
            ["context_span_id"], ["span.id"], name="fk_claim_context_span_id_span"
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_source_id"], ["source.id"], name="fk_claim_claimed_by_source_id_source"
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_source_id"], ["source.id"], name="fk_claim_reported_by_source_id_source"
        ),
        sa.ForeignKeyConstraint(["revision_of"], ["claim.id"], name="fk_claim_revision_of_claim"),
        sa.PrimaryKeyConstraint("id", name="pk_claim"),
    )
    op.create_index("ix_claim_document_id", "claim", ["document_id"])
    op.create_index("ix_claim_measure", "claim", ["measure"])
    op.create_index("ix_claim_status", "claim", ["status"])


def downgrade() -> None:
    op.drop_table("claim")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("extractor")
