"""Create the search document table.

Revision ID: 0001_huesearch
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

from alembic import op

revision = "0001_huesearch"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE huesearch_document (
        index_id text PRIMARY KEY,
        site_id text NOT NULL,
        package_id text NOT NULL,
        -- fields CKAN filters or sorts on in nearly every query, typed and narrow
        state text,
        capacity text,
        permission_labels text[] NOT NULL DEFAULT '{}',
        metadata_modified timestamp,
        stored jsonb NOT NULL,          -- the fields Solr would return (schema.xml stored="true")
        terms jsonb NOT NULL,           -- non-text field -> distinct terms: filters, facets, ranges (kept small)
        phrases jsonb NOT NULL,         -- text field -> folded words: fielded word and phrase queries
        ngrams jsonb NOT NULL,          -- n-gram field (title_ngram, name_ngram) -> folded text: autocomplete
        sort_keys jsonb NOT NULL,       -- single-valued string field -> accent-folded sort key
        search_vector tsvector NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute("CREATE INDEX huesearch_document_terms_idx ON huesearch_document USING gin (terms jsonb_path_ops)")
    op.execute("CREATE INDEX huesearch_document_vector_idx ON huesearch_document USING gin (search_vector)")
    op.execute("CREATE INDEX huesearch_document_package_idx ON huesearch_document (package_id)")
    # CKAN's default order, and everything its everyday filters read: pages and counts of the
    # unfiltered search come from this index alone (index-only scans)
    op.execute("CREATE INDEX huesearch_document_modified_idx ON huesearch_document "
               "(metadata_modified DESC NULLS LAST) INCLUDE (state, capacity, site_id, permission_labels, index_id)")
    # facet counts read ``terms`` of many rows: keep it in the row, uncompressed unless the row is too big
    op.execute("ALTER TABLE huesearch_document ALTER COLUMN terms SET STORAGE MAIN")
    # bumped after each commit that changed the index; cached counts are valid for one generation
    op.execute("CREATE SEQUENCE IF NOT EXISTS huesearch_generation")


def downgrade() -> None:
    op.execute("DROP SEQUENCE IF EXISTS huesearch_generation")
    op.execute("DROP TABLE huesearch_document")
