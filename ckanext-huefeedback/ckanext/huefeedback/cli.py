"""``ckan huefeedback ...`` commands: the destruction log for the archive, and its check."""
from __future__ import annotations

import sys
from typing import Optional

import click

__all__ = ["huefeedback"]


@click.group(short_help="Error reports, data requests, demand and destruction of the Huế portal")
def huefeedback() -> None:
    pass


@huefeedback.group("destruction-log", short_help="The append-only log of destroyed datasets")
def destruction_log() -> None:
    pass


@destruction_log.command("export", short_help="Write the whole log as CSV or JSON")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout)")
def export_log(fmt: str, output: Optional[str]) -> None:
    from .destruction import export, log

    entries = log.entries()
    body = export.as_csv(entries) if fmt == "csv" else export.as_json(entries)
    if output:
        with open(output, "wb") as handle:
            handle.write(body)
        click.echo(f"entries written: {len(entries)}", err=True)
    else:
        sys.stdout.buffer.write(body)


@destruction_log.command("verify", short_help="Check the log's hash chain (exit 1 when broken)")
def verify_log() -> None:
    from .destruction import log

    result = log.verify()
    if result["ok"]:
        click.echo(f"chain intact: {result['entries']} entries")
        return
    click.echo(f"chain broken at entry {result['first_bad_seq']} (after {result['entries']} good entries)", err=True)
    raise click.exceptions.Exit(1)


def get_commands() -> list[click.Command]:
    return [huefeedback]
