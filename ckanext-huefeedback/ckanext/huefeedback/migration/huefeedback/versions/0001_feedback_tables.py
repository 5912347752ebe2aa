"""Error reports, data requests, demand counters and the append-only destruction log.

Revision ID: 0001_huefeedback
Revises:
Create Date: 2026-11-24
"""
from __future__ import annotations

from alembic import op

revision = "0001_huefeedback"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Error reports about a dataset (and optionally one of its resources). They go with the
    # dataset: a purge removes them (destruction removes them explicitly, before the purge).
    op.execute("""
    CREATE TABLE huefeedback_report (
        id text PRIMARY KEY,
        ref bigserial UNIQUE,
        package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE,
        resource_id text,
        category text NOT NULL CHECK (category IN
            ('wrong_value', 'out_of_date', 'broken_link', 'personal_data', 'other')),
        description text NOT NULL,
        location text,
        reporter_user_id text REFERENCES "user" (id) ON DELETE SET NULL,
        reporter_name text,
        reporter_email text,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'resolved', 'rejected')),
        created timestamptz NOT NULL DEFAULT now(),
        updated timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
    )""")
    op.execute("CREATE INDEX huefeedback_report_package_idx ON huefeedback_report (package_id, created DESC)")
    op.execute("CREATE INDEX huefeedback_report_open_idx ON huefeedback_report (status) "
               "WHERE status IN ('new', 'acknowledged')")
    op.execute("""
    CREATE TABLE huefeedback_report_event (
        id bigserial PRIMARY KEY,
        report_id text NOT NULL REFERENCES huefeedback_report (id) ON DELETE CASCADE,
        created timestamptz NOT NULL DEFAULT now(),
        actor_user_id text REFERENCES "user" (id) ON DELETE SET NULL,
        actor_role text NOT NULL,         -- reporter | agency | department | system
        from_status text,
        to_status text NOT NULL,
        note text
    )""")
    op.execute("CREATE INDEX huefeedback_report_event_report_idx ON huefeedback_report_event (report_id, id)")

    # Data requests (E-Form). organization_id NULL: the requester was not sure, the Department routes it.
    op.execute("""
    CREATE TABLE huefeedback_request (
        id text PRIMARY KEY,
        ref bigserial UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        purpose text NOT NULL,
        organization_id text REFERENCES "group" (id) ON DELETE SET NULL,
        sector text,
        requester_user_id text REFERENCES "user" (id) ON DELETE SET NULL,
        requester_name text,
        requester_email text,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'approved', 'refused', 'published')),
        planned_date date,
        decision_note text,
        package_id text REFERENCES package (id) ON DELETE SET NULL,
        created timestamptz NOT NULL DEFAULT now(),
        updated timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        published_at timestamptz,
        CHECK (status <> 'refused' OR coalesce(btrim(decision_note), '') <> ''),
        CHECK (status <> 'approved' OR planned_date IS NOT NULL)
    )""")
    op.execute("CREATE INDEX huefeedback_request_org_idx ON huefeedback_request (organization_id, created DESC)")
    op.execute("""
    CREATE TABLE huefeedback_request_event (
        id bigserial PRIMARY KEY,
        request_id text NOT NULL REFERENCES huefeedback_request (id) ON DELETE CASCADE,
        created timestamptz NOT NULL DEFAULT now(),
        actor_user_id text REFERENCES "user" (id) ON DELETE SET NULL,
        actor_role text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        note text
    )""")
    op.execute("CREATE INDEX huefeedback_request_event_request_idx ON huefeedback_request_event (request_id, id)")

    # Demand: one row per day, dataset, resource ('' for the dataset page) and kind.
    op.execute("""
    CREATE TABLE huefeedback_demand (
        day date NOT NULL,
        package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE,
        resource_id text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('view', 'download')),
        count integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, package_id, resource_id, kind)
    )""")
    op.execute("CREATE INDEX huefeedback_demand_package_idx ON huefeedback_demand (package_id)")

    # The destruction log (1046 Art 4): append-only. Each entry carries the hash of the one before
    # it, so that a copy can be checked; the database itself refuses UPDATE, DELETE and TRUNCATE
    # (a trigger, and the privileges revoked from everyone including the owner).
    op.execute("""
    CREATE TABLE IF NOT EXISTS huefeedback_destruction_log (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        destroyed_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id text,
        actor_name text NOT NULL,
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        package_id text NOT NULL,
        package_name text NOT NULL,
        package_title text,
        organization_id text,
        organization_name text,
        organization_title text,
        content jsonb NOT NULL,
        removed jsonb NOT NULL,
        previous_hash text NOT NULL,
        entry_hash text NOT NULL UNIQUE
    )""")
    op.execute("""
    CREATE OR REPLACE FUNCTION huefeedback_destruction_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'huefeedback_destruction_log is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""")
    op.execute("DROP TRIGGER IF EXISTS huefeedback_destruction_log_no_change ON huefeedback_destruction_log")
    op.execute("DROP TRIGGER IF EXISTS huefeedback_destruction_log_no_truncate ON huefeedback_destruction_log")
    op.execute("""
    CREATE TRIGGER huefeedback_destruction_log_no_change
        BEFORE UPDATE OR DELETE ON huefeedback_destruction_log
        FOR EACH ROW EXECUTE FUNCTION huefeedback_destruction_log_refuse()""")
    op.execute("""
    CREATE TRIGGER huefeedback_destruction_log_no_truncate
        BEFORE TRUNCATE ON huefeedback_destruction_log
        FOR EACH STATEMENT EXECUTE FUNCTION huefeedback_destruction_log_refuse()""")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON huefeedback_destruction_log FROM PUBLIC, CURRENT_USER")


def downgrade() -> None:
    # The destruction log outlives a downgrade: dropping it is a decision for a database
    # administrator, and an upgrade finds it again (CREATE ... IF NOT EXISTS above).
    op.execute("DROP TABLE huefeedback_demand")
    op.execute("DROP TABLE huefeedback_request_event")
    op.execute("DROP TABLE huefeedback_request")
    op.execute("DROP TABLE huefeedback_report_event")
    op.execute("DROP TABLE huefeedback_report")
