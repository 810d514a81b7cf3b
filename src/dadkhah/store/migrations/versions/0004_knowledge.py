"""knowledge: events and their links, claim-event links, people, organisations and their
parents over time, postings, acts, involvements, citations; claim credibility and status
notes; the full-text search index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

The search index is engine-specific and lives outside the SQLAlchemy models: on SQLite a plain
table with an FTS5 index over it (kept in step by triggers), on PostgreSQL a table with a
generated tsvector column and a GIN index. Its tables and triggers are named search_*.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("credibility", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status_note", sa.Text(), nullable=True))
    op.create_table(
        "event",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("start_precision", sa.String(5), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        sa.Column("end_precision", sa.String(5), nullable=True),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("parent_id", sa.String(40), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["event.id"], name="fk_event_parent_id_event"),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
    )
    op.create_index("ix_event_type", "event", ["type"])
    op.create_index("ix_event_parent_id", "event", ["parent_id"])
    op.create_table(
        "claim_event",
        sa.Column("claim_id", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name="fk_claim_event_event_id_event"),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name="fk_claim_event_claim_id_claim"),
        sa.PrimaryKeyConstraint("claim_id", "event_id", name="pk_claim_event"),
    )
    op.create_index("ix_claim_event_event_id", "claim_event", ["event_id"])
    op.create_table(
        "person",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("parent_id", sa.String(40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organization.id"], name="fk_organization_parent_id_organization"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organization"),
    )
    op.create_table(
        "posting",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("rank", sa.Text(), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("start_precision", sa.String(5), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        sa.Column("end_precision", sa.String(5), nullable=True),
        sa.Column("outer_start_date", sa.String(10), nullable=True),
        sa.Column("outer_start_precision", sa.String(5), nullable=True),
        sa.Column("outer_end_date", sa.String(10), nullable=True),
        sa.Column("outer_end_precision", sa.String(5), nullable=True),
        sa.Column("real_start", sa.Boolean(), nullable=False),
        sa.Column("real_end", sa.Boolean(), nullable=False),
        sa.Column("start_context", sa.String(40), nullable=True),
        sa.Column("end_context", sa.String(40), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name="fk_posting_person_id_person"),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name="fk_posting_organization_id_organization"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_posting"),
    )
    op.create_index("ix_posting_organization_id", "posting", ["organization_id"])
    op.create_index("ix_posting_person_id", "posting", ["person_id"])
    op.create_table(
        "act",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=True),
        sa.Column("act_type", sa.String(40), nullable=False),
        sa.Column("victim_person_id", sa.String(40), nullable=True),
        sa.Column("victim_count", sa.Integer(), nullable=True),
        sa.Column("victim_description", sa.Text(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("date_precision", sa.String(5), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("method", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name="fk_act_event_id_event"),
        sa.ForeignKeyConstraint(
            ["victim_person_id"], ["person.id"], name="fk_act_victim_person_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_act"),
    )
    op.create_index("ix_act_event_id", "act", ["event_id"])
    op.create_table(
        "involvement",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("act_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(40), nullable=True),
        sa.Column("organization_id", sa.String(40), nullable=True),
        sa.Column("degree", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name="fk_involvement_organization_id_organization",
        ),
        sa.ForeignKeyConstraint(["act_id"], ["act.id"], name="fk_involvement_act_id_act"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_involvement_person_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_involvement"),
    )
    op.create_index("ix_involvement_act_id", "involvement", ["act_id"])
    op.create_index("ix_involvement_organization_id", "involvement", ["organization_id"])
    op.create_index("ix_involvement_person_id", "involvement", ["person_id"])
    op.create_table(
        "citation",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(40), nullable=False),
        sa.Column("span_id", sa.String(40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["span_id"], ["span.id"], name="fk_citation_span_id_span"),
        sa.PrimaryKeyConstraint("id", name="pk_citation"),
    )
    op.create_index("ix_citation_record_id", "citation", ["record_id"])
    op.create_table(
        "event_link",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("related_id", sa.String(40), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name="fk_event_link_event_id_event"),
        sa.ForeignKeyConstraint(
            ["related_id"], ["event.id"], name="fk_event_link_related_id_event"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_link"),
    )
    op.create_index("ix_event_link_related_id", "event_link", ["related_id"])
    op.create_index("ix_event_link_event_id", "event_link", ["event_id"])
    op.create_table(
        "organization_parent",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("parent_id", sa.String(40), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("start_precision", sa.String(5), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        sa.Column("end_precision", sa.String(5), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name="fk_organization_parent_organization_id_organization",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organization.id"], name="fk_organization_parent_parent_id_organization"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organization_parent"),
    )
    op.create_index(
        "ix_organization_parent_organization_id", "organization_parent", ["organization_id"]
    )
    op.create_index("ix_organization_parent_parent_id", "organization_parent", ["parent_id"])
    if op.get_bind().dialect.name == "sqlite":
        # FTS5 over a plain table (external content), kept in step by triggers: a record is
        # found and replaced by its id through the plain table's index
        op.execute(
            "CREATE TABLE search_entry (rowid INTEGER PRIMARY KEY, record_id VARCHAR(40) NOT "
            "NULL UNIQUE, kind VARCHAR(20) NOT NULL, title TEXT, body TEXT)"
        )
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_entry', "
            "content_rowid='rowid', tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN INSERT INTO "
            "search_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN INSERT INTO "
            "search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, "
            "old.title, old.body); END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN INSERT INTO "
            "search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, "
            "old.title, old.body); INSERT INTO search_fts (rowid, title, body) VALUES "
            "(new.rowid, new.title, new.body); END"
        )
    else:
        op.execute(
            "CREATE TABLE search_entry (record_id VARCHAR(40) PRIMARY KEY, kind VARCHAR(20) NOT "
            "NULL, title TEXT, body TEXT, tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', "
            "coalesce(title, '') || ' ' || coalesce(body, ''))) STORED)"
        )
        op.execute("CREATE INDEX ix_search_entry_tsv ON search_entry USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.execute("DROP TABLE search_entry")
    for table in (
        "organization_parent",
        "event_link",
        "citation",
        "involvement",
        "act",
        "posting",
        "organization",
        "person",
        "claim_event",
        "event",
    ):
        op.drop_table(table)
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("status_note")
        batch.drop_column("credibility")
