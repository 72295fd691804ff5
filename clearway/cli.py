"""The ``clearway`` command line. Each command is a thin shell over an importable module."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Clearway: customs documents in, pre-filled declarations out.",
)
services_app = typer.Typer(no_args_is_help=True, help="Start, stop and inspect the local services.")
app.add_typer(services_app, name="services")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (walked recursively).")],
    workers: Annotated[int, typer.Option(help="Parallel processes (0: one per core).")] = 0,
) -> None:
    """Print one JSON object per document per line (the form of fields.md). Needs no service."""
    from clearway.settings import load_settings
    from extractors.batch import extract_paths

    settings = load_settings()
    for extraction in extract_paths(paths, settings, workers=workers or None):
        sys.stdout.write(json.dumps(extraction.output(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Files, .eml messages or directories.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the JSON result.")],
) -> None:
    """Run the whole pipeline in-process and write documents, consignments and declarations."""
    from clearway.process import process_paths
    from clearway.settings import load_settings

    result = process_paths(paths, load_settings())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    typer.echo(
        f"{len(result['documents'])} documents, {len(result['consignments'])} consignments -> {out}"
    )


@app.command()
def status(
    reference: Annotated[
        str, typer.Argument(help="A document (CWD-…) or consignment (CWC-…) reference.")
    ],
) -> None:
    """Show a document's or consignment's state and history."""
    from clearway.settings import load_settings
    from clearway.status import show_status

    raise typer.Exit(show_status(reference, load_settings()))


@app.command()
def demo(
    report: Annotated[Path, typer.Option(help="Where to write the report file.")] = Path(
        "out/demo-report.json"
    ),
) -> None:
    """The main job on embedded defaults: start the services, feed the bundled samples in by
    e-mail and bucket, run the DAGs, print consignments and their declarations."""
    from clearway.demo import run_demo

    raise typer.Exit(run_demo(report))


@services_app.command("up")
def services_up() -> None:
    """Start PostgreSQL, the S3 store, the IMAP mailbox and SMTP on loopback (idempotent)."""
    from clearway.localstack import up

    up()


@services_app.command("down")
def services_down() -> None:
    """Stop the local services this project started."""
    from clearway.localstack import down

    down()


@services_app.command("status")
def services_status() -> None:
    """Show which local services are running."""
    from clearway.localstack import print_status

    print_status()


def main() -> None:
    """Entry point: a missing service or a bad setting is one clear line, not a traceback."""
    from clearway.errors import ServiceUnavailable

    try:
        app()
    except ServiceUnavailable as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
