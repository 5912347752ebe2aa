"""`ckan huedata ...` commands."""
from __future__ import annotations

import time

import click

# what toolkit.blanket.cli registers (without it every function here would become a command)
__all__ = ["huedata"]


@click.group(short_help="Huế open-data portal: demo data and schema tools")
def huedata() -> None:
    pass


@huedata.command("seed-demo")
def seed_demo() -> None:
    """Create the demo agencies and datasets (idempotent: existing ones are left alone)."""
    from ckanext.huedata.demo import seed

    started = time.monotonic()
    report = seed.seed_demo()
    click.echo(
        f"agencies: {report.agencies_created} created, {report.agencies_existing} existing; "
        f"datasets: {report.datasets_created} created, {report.datasets_existing} existing "
        f"({time.monotonic() - started:.1f} s)")


def get_commands() -> list:
    return [huedata]
