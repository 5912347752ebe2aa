"""Counters that fall to zero are removed in the same statement trigger.

A counter left at zero kept a facet value, a free tag say, that no public dataset carries any
more: after a destruction (1046 Art 4) the tag named after the dataset stayed in
``huesearch_public_count``. Counters are small in number, so the trigger deletes the zero rows
of its own statement's keys.

Revision ID: 0003_huesearch
Revises: 0002_huesearch
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0003_huesearch"
down_revision = "0002_huesearch"
branch_labels = None
depends_on = None

_COUNT_FUNCTION = r"""
CREATE OR REPLACE FUNCTION huesearch_count_public() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
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
    EXECUTE 'INSERT INTO huesearch_public_count AS c (site_id, dataset_type, field, value, n) '
         || 'SELECT site_id, dataset_type, field, value, sum(delta) FROM (' || source || ') x '
         || 'GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4 '
         || 'ON CONFLICT (site_id, dataset_type, field, value) DO UPDATE SET n = c.n + EXCLUDED.n';
    IF TG_OP <> 'INSERT' THEN
        -- only a subtraction can bring a counter to zero
        EXECUTE 'DELETE FROM huesearch_public_count c USING (SELECT DISTINCT site_id, dataset_type, field, value FROM ('
             || format(part, -1, 'old_rows') || ') y) k '
             || 'WHERE c.n <= 0 AND c.site_id = k.site_id AND c.dataset_type = k.dataset_type '
             || 'AND c.field = k.field AND c.value = k.value';
    END IF;
    RETURN NULL;
END
$f$
"""


def upgrade() -> None:
    op.execute(_COUNT_FUNCTION)
    op.execute("DELETE FROM huesearch_public_count WHERE n <= 0")


def downgrade() -> None:
    pass  # the 0002 function keeps zero counters, which is harmless to put back by hand
