"""parse: document text metadata, paragraphs, pages, social posts, source registry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("domains", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
    op.execute("UPDATE source SET reliability = 'F' WHERE reliability IS NULL")
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("author", sa.Text(), nullable=True))
        batch.add_column(sa.Column("republished_from", sa.Text(), nullable=True))
        batch.add_column(sa.Column("publisher_id", sa.String(40), nullable=True))
        batch.add_column(sa.Column("origin_source_id", sa.String(40), nullable=True))
        batch.add_column(sa.Column("languages", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("encoding", sa.String(40), nullable=True))
        batch.add_column(sa.Column("page_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("parser", sa.String(80), nullable=True))
        batch.add_column(sa.Column("parse_status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("parse_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("parse_warnings", sa.JSON(), nullable=True))
        batch.create_foreign_key(
            "fk_document_publisher_id_source", "source", ["publisher_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_document_origin_source_id_source", "source", ["origin_source_id"], ["id"]
        )
    op.create_table(
        "source_affiliation",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("related_id", sa.String(40), nullable=False),
        sa.Column("relation", sa.String(80), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name="fk_source_affiliation_source_id_source"
        ),
        sa.ForeignKeyConstraint(
            ["related_id"], ["source.id"], name="fk_source_affiliation_related_id_source"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_affiliation"),
    )
    op.create_index("ix_source_affiliation_source_id", "source_affiliation", ["source_id"])
    op.create_index("ix_source_affiliation_related_id", "source_affiliation", ["related_id"])
    op.create_table(
        "paragraph",
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(12), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_paragraph_document_id_document"
        ),
        sa.PrimaryKeyConstraint("document_id", "seq", name="pk_paragraph"),
    )
    op.create_table(
        "document_page",
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_document_page_document_id_document"
        ),
        sa.PrimaryKeyConstraint("document_id", "number", name="pk_document_page"),
    )
    op.create_table(
        "social_post",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("span_id", sa.String(40), nullable=True),
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("handle", sa.String(200), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("posted_date", sa.String(10), nullable=True),
        sa.Column("posted_precision", sa.String(5), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("urls", sa.JSON(), nullable=False),
        sa.Column("post_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_social_post_document_id_document"
        ),
        sa.ForeignKeyConstraint(["span_id"], ["span.id"], name="fk_social_post_span_id_span"),
        sa.PrimaryKeyConstraint("id", name="pk_social_post"),
    )
    op.create_index("ix_social_post_document_id", "social_post", ["document_id"])


def downgrade() -> None:
    op.drop_table("social_post")
    op.drop_table("document_page")
    op.drop_table("paragraph")
    op.drop_table("source_affiliation")
    with op.batch_alter_table("document") as batch:
        batch.drop_constraint("fk_document_origin_source_id_source", type_="foreignkey")
        batch.drop_constraint("fk_document_publisher_id_source", type_="foreignkey")
        for column in (
            "parse_warnings",
            "parse_error",
            "parse_status",
            "parser",
            "page_count",
            "encoding",
            "languages",
            "origin_source_id",
            "publisher_id",
            "republished_from",
            "author",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("source") as batch:
        batch.drop_column("notes")
        batch.drop_column("domains")
