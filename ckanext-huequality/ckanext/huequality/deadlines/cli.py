"""``ckan huequality deadlines …`` (added to the group in cli.py)."""

from __future__ import annotations

import datetime as dt

import click


@click.group(short_help="Quarterly update deadlines")
def deadlines() -> None:
    pass


def _parse_now(value: str | None) -> dt.datetime:
    from .. import clock

    if not value:
        return clock.now()
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise click.BadParameter("give a timezone, e.g. 2026-04-08T09:00+07:00")
    return moment.astimezone(dt.timezone.utc)


@deadlines.command("send-reminders", short_help="E-mail agencies about due and missed deadlines (for cron)")
@click.option("--now", "now_text", help="Act as if it were this instant (ISO 8601 with timezone)")
@click.option("--dry-run", is_flag=True, help="Count the reminders without sending them")
def send_reminders(now_text: str | None, dry_run: bool) -> None:
    """Sends each due reminder once: due soon, missed, and escalation to sysadmins."""
    from .logic.reminders import send_reminders as send

    outcome = send(_parse_now(now_text), dry_run=dry_run)
    click.echo(
        f"sent: {outcome.sent}, e-mails: {outcome.messages}, already sent: {outcome.skipped}, "
        f"failed: {outcome.failed}{' (dry run)' if dry_run else ''}"
    )
    if outcome.failed:
        raise click.exceptions.Exit(1)


@deadlines.command("check-resources", short_help="Fingerprint every dataset's resources now")
def check_resources() -> None:
    """Records data updates missed while no job worker ran (safe to repeat: unchanged data records nothing)."""
    import ckan.model as model

    from .. import clock, jobs

    ids = [row[0] for row in model.Session.query(model.Package.id).filter(model.Package.state == "active")]
    with click.progressbar(ids, label="datasets") as bar:
        changes = sum(
            len(jobs.process(package_id, clock.now(), fingerprint=True, score=False).changes) for package_id in bar
        )
    click.echo(f"data updates recorded: {changes}")


@deadlines.command("seed-demo-history", short_help="DEMO ONLY: invent two years of update history")
@click.option("--demo", is_flag=True, required=True, help="Confirm this is a demo portal")
def seed_demo_history(demo: bool) -> None:
    """Gives every dataset without history two years of plausible updates (backdating its creation)."""
    from .. import clock
    from .logic.demo import seed_demo_history as seed

    click.echo(f"update events written: {seed(clock.now())}")
