"""``ckan huequality recompute`` and ``ckan huequality index`` (added to the group in cli.py)."""

from __future__ import annotations

import click


@click.command("recompute")
@click.option("--dataset", "datasets", multiple=True, help="Only these datasets (id or name).")
def recompute(datasets: tuple[str, ...]) -> None:
    """Score every active dataset now, with a progress bar."""
    from ckan import model

    from .. import clock, jobs

    ids = list(datasets) or [
        row[0]
        for row in model.Session.query(model.Package.id)
        .filter(model.Package.state == "active")
        .order_by(model.Package.name)
    ]
    failures = 0
    with click.progressbar(ids, label="Scoring datasets", show_pos=True) as bar:
        for package_id in bar:
            try:
                jobs.process(package_id, clock.now(), fingerprint=False, score=True)
            except Exception as exc:  # noqa: BLE001 (one bad dataset must not stop the others)
                model.Session.rollback()
                failures += 1
                click.echo(f"\n{package_id}: {exc}", err=True)
    click.echo(f"Scored {len(ids) - failures} dataset(s), {failures} failed.")


@click.command("index")
@click.option("--period", default=None, help="Quarter such as 2026-Q4 (default: the current one, in Huế time).")
def index(period: str | None) -> None:
    """Compute and store the Data Quality Index of a quarter and publish its CSV."""
    from ckan.plugins import toolkit as tk

    from .. import clock
    from ..periods import quarter_of

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    period = period or quarter_of(clock.now()).key
    try:
        tk.get_action("huequality_index_compute")({"user": site_user["name"]}, {"period": period})
    except tk.ValidationError as error:
        click.echo(f"Data Quality Index computed for {period} but not published: {error.error_dict}", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(f"Data Quality Index computed and published for {period}.")
