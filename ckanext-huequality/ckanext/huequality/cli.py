"""``ckan huequality ...`` commands."""
from __future__ import annotations

import click

__all__ = ["huequality"]


@click.group(short_help="Data quality and update deadlines of the Huế portal")
def huequality() -> None:
    pass


@huequality.group(short_help="Quarterly update deadlines")
def deadlines() -> None:
    pass
