"""``ckan huequality …``: one command group that adds each feature's commands."""

from __future__ import annotations

import click

from .deadlines.cli import deadlines
from .quality.cli import index, recompute

__all__ = ["huequality"]


@click.group(short_help="Data quality and update deadlines of the Huế portal")
def huequality() -> None:
    pass


huequality.add_command(deadlines)
huequality.add_command(recompute)
huequality.add_command(index)
