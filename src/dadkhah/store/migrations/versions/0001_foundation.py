"""foundation: sources, blobs, documents, spans and the custody log

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("reliability", sa.String(1), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source"),
        sa.UniqueConstraint("name", name="uq_source_name"),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("parent_sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("purged_at", sa.String(40), nullable=True),
        sa.Column("purge_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_sha256"], ["blob.sha256"], name="fk_blob_parent_sha256_blob"
        ),
        sa.PrimaryKeyConstraint("sha256", name="pk_blob"),
    )
    op.create_index("ix_blob_parent_sha256", "blob", ["parent_sha256"])
    op.create_table(
        "document",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=True),
        sa.Column("blob_sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("origin_kind", sa.String(10), nullable=False),
        sa.Column("origin_key", sa.String(64), nullable=False),
        sa.Column("original_filename", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("file_mtime", sa.String(40), nullable=True),
        sa.Column("captured_at", sa.String(40), nullable=False),
        sa.Column("capture", sa.JSON(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_date", sa.String(10), nullable=True),
        sa.Column("published_precision", sa.String(5), nullable=True),
        sa.Column("language", sa.String(35), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(20), nullable=False),
        sa.Column("text_blob_sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["blob_sha256"], ["blob.sha256"], name="fk_document_blob_sha256_blob"
        ),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name="fk_document_source_id_source"),
        sa.ForeignKeyConstraint(
            ["text_blob_sha256"], ["blob.sha256"], name="fk_document_text_blob_sha256_blob"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document"),
        sa.UniqueConstraint("blob_sha256", "origin_key", name="uq_document_blob_sha256_origin_key"),
    )
    op.create_index("ix_document_blob_sha256", "document", ["blob_sha256"])
    op.create_index("ix_document_source_id", "document", ["source_id"])
    op.create_table(
        "span",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_span_document_id_document"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_span"),
    )
    op.create_index("ix_span_document_id", "span", ["document_id"])
    op.create_table(
        "custody_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=False),
        sa.Column("object_hash", sa.String(64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_custody_entry"),
        sa.UniqueConstraint("hash", name="uq_custody_entry_hash"),
    )
    op.create_index("ix_custody_entry_object_id", "custody_entry", ["object_id"])
    op.create_index("ix_custody_entry_object_hash", "custody_entry", ["object_hash"])


def downgrade() -> None:
    op.drop_table("custody_entry")
    op.drop_table("span")
    op.drop_table("document")
    op.drop_table("blob")
    op.drop_table("source")
