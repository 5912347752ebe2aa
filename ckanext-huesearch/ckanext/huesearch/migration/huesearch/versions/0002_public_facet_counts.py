"""Counts of public datasets per facet value, kept in the transaction that writes the index.

The search page without a query (the page everyone opens first) counts facets over every
public dataset. Instead of recounting after each write, statement triggers on
``huesearch_document`` add and subtract the changed rows' terms to ``huesearch_public_count``
in the writing transaction itself: the counts are exact at every commit, shared by every
process, and read in a few milliseconds. Only the fields listed in ``huesearch_facet_field``
are counted; a search that asks for another field counts it live.

Revision ID: 0002_huesearch
Revises: 0001_huesearch
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0002_huesearch"
down_revision = "0001_huesearch"
branch_labels = None
depends_on = None

COUNTED = ("organization", "owner_org", "groups", "tags", "res_format", "license_id", "sector", "spatial_coverage",
           "data_kind", "update_frequency", "quality_badge", "access_level", "dataset_type")

_COUNT_FUNCTION = r"""
CREATE OR REPLACE FUNCTION huesearch_count_public() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    -- one row per (public document, counted field, value), and one per document for the total ('', '')
    part text := 'SELECT d.site_id, coalesce(d.terms -> ''dataset_type'' ->> 0, '''') AS dataset_type, '
              || 'f.field, v.value, %s AS delta FROM %I d '
              || 'CROSS JOIN (SELECT field FROM huesearch_facet_field UNION ALL SELECT '''') f(field) '
              || 'CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN f.field = '''' THEN ''[""]''::jsonb '
              || 'ELSE d.terms -> f.field END) v(value) '
              || 'WHERE d.permission_labels @> ARRAY[''public'']';
    source text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        source := format(part, 1, 'new_rows');
    ELSIF TG_OP = 'DELETE' THEN
        source := format(part, -1, 'old_rows');
    ELSE
        source := format(part, 1, 'new_rows') || ' UNION ALL ' || format(part, -1, 'old_rows');
    END IF;
    -- changes that cancel out (an edit that keeps every facet value) write nothing; the rest is
    -- written in key order, so concurrent writers lock counters in the same order
    EXECUTE 'INSERT INTO huesearch_public_count AS c (site_id, dataset_type, field, value, n) '
         || 'SELECT site_id, dataset_type, field, value, sum(delta) FROM (' || source || ') x '
         || 'GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4 '
         || 'ON CONFLICT (site_id, dataset_type, field, value) DO UPDATE SET n = c.n + EXCLUDED.n';
    RETURN NULL;
END
$f$
"""

_RECOUNT_FUNCTION = r"""
CREATE OR REPLACE FUNCTION huesearch_recount_public() RETURNS void LANGUAGE sql AS $f$
    DELETE FROM huesearch_public_count;
    INSERT INTO huesearch_public_count (site_id, dataset_type, field, value, n)
    SELECT d.site_id, coalesce(d.terms -> 'dataset_type' ->> 0, ''), f.field, v.value, count(*)
    FROM huesearch_document d
    CROSS JOIN (SELECT field FROM huesearch_facet_field UNION ALL SELECT '') f(field)
    CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN f.field = '' THEN '[""]'::jsonb
                                                      ELSE d.terms -> f.field END) v(value)
    WHERE d.permission_labels @> ARRAY['public']
    GROUP BY 1, 2, 3, 4;
$f$
"""


def upgrade() -> None:
    op.execute("CREATE TABLE huesearch_facet_field (field text PRIMARY KEY)")
    op.execute("INSERT INTO huesearch_facet_field (field) VALUES " + ", ".join(f"('{f}')" for f in COUNTED))
    op.execute("""
    CREATE TABLE huesearch_public_count (
        site_id text NOT NULL,
        dataset_type text NOT NULL,
        field text NOT NULL,            -- '' (with value ''): the number of public documents
        value text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (site_id, dataset_type, field, value)
    )""")
    op.execute(_COUNT_FUNCTION)
    op.execute(_RECOUNT_FUNCTION)
    op.execute("""CREATE TRIGGER huesearch_count_insert AFTER INSERT ON huesearch_document
                  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION huesearch_count_public()""")
    op.execute("""CREATE TRIGGER huesearch_count_update AFTER UPDATE ON huesearch_document
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION huesearch_count_public()""")
    op.execute("""CREATE TRIGGER huesearch_count_delete AFTER DELETE ON huesearch_document
                  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION huesearch_count_public()""")
    op.execute("""CREATE OR REPLACE FUNCTION huesearch_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $f$
                  BEGIN DELETE FROM huesearch_public_count; RETURN NULL; END $f$""")
    op.execute("""CREATE TRIGGER huesearch_count_truncate AFTER TRUNCATE ON huesearch_document
                  FOR EACH STATEMENT EXECUTE FUNCTION huesearch_count_truncate()""")
    op.execute("SELECT huesearch_recount_public()")


def downgrade() -> None:
    for trigger in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS huesearch_count_{trigger} ON huesearch_document")
    op.execute("DROP FUNCTION IF EXISTS huesearch_count_truncate()")
    op.execute("DROP FUNCTION IF EXISTS huesearch_recount_public()")
    op.execute("DROP FUNCTION IF EXISTS huesearch_count_public()")
    op.execute("DROP TABLE IF EXISTS huesearch_public_count")
    op.execute("DROP TABLE IF EXISTS huesearch_facet_field")
