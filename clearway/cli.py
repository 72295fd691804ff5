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
def boxes(
    path: Annotated[Path, typer.Argument(help="A document (PDF or image).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PNG.")] = Path(
        "out/boxes.png"
    ),
    page: Annotated[int, typer.Option(help="Page number (1-based).")] = 1,
) -> None:
    """Draw every extracted value's box on a page: where each value was read."""
    from clearway.settings import load_settings
    from extractors.document import extract_bytes
    from extractors.provenance import draw_boxes, located

    data = path.read_bytes()
    extraction = extract_bytes(data, str(path), load_settings())
    if extraction.status in ("rejected", "failed"):
        typer.secho(f"{extraction.errors[0].code}: {extraction.errors[0].message}", err=True)
        raise typer.Exit(1)
    if not 1 <= page <= extraction.pages:
        typer.secho(f"error: {path} has {extraction.pages} page(s), not {page}", err=True)
        raise typer.Exit(2)
    out.parent.mkdir(parents=True, exist_ok=True)
    draw_boxes(data, extraction, page).save(out)
    typer.echo(f"{len(located(extraction, page))} values boxed on page {page} -> {out}")


@app.command("eval")
def evaluate(
    folders: Annotated[
        list[Path], typer.Argument(help="Ground-truth folders (docs + gt/<id>.json), one or more.")
    ],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Parallel processes (0: one per core).")] = 0,
    with_xml: Annotated[
        bool, typer.Option(help="Read documents as delivered, embedded e-invoice XML included.")
    ] = False,
    mistakes: Annotated[int, typer.Option(help="List this many wrong or missed values.")] = 0,
) -> None:
    """Score extraction against ground truth: per-field P/R/F1, micro F1, document types, line
    items, calibration, pages per second, and the targets they are held to."""
    from rich.console import Console
    from rich.progress import Progress

    from clearway.settings import load_settings
    from evaluation.corpus import CorpusError
    from evaluation.evaluate import evaluate as run_eval
    from evaluation.report import print_summary, write_json
    from evaluation.targets import check_targets

    err = Console(stderr=True)
    try:
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("extracting", total=None)

            def on_case(done: int, total: int, case: object) -> None:
                progress.update(task, completed=done, total=total)

            summary = run_eval(folders, load_settings(), workers or None, with_xml, on_case)
    except CorpusError as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    targets = check_targets(summary)
    print_summary(summary, targets, Console(width=max(Console().width, 120)), mistakes)
    if json_out is not None:
        write_json(json_out, summary, targets)


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
