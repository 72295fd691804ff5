"""The ``clearway`` command line. Each command is a thin shell over an importable module."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from clearway.models import ErrorInfo
    from clearway.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Clearway: customs documents in, pre-filled declarations out.",
)
services_app = typer.Typer(no_args_is_help=True, help="Start, stop and inspect the local services.")
app.add_typer(services_app, name="services")
handoff_app = typer.Typer(
    no_args_is_help=True, help="Deliver queued declarations to the assessment system."
)
app.add_typer(handoff_app, name="handoff")
declaration_app = typer.Typer(
    no_args_is_help=True, help="Assess a declaration: show, history, amend, decide."
)
app.add_typer(declaration_app, name="declaration")
users_app = typer.Typer(
    no_args_is_help=True, help="Web portal accounts: add, disable, list (onboarding, offboarding)."
)
app.add_typer(users_app, name="users")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (walked recursively).")],
    workers: Annotated[int, typer.Option(help="Parallel processes (0: one per core).")] = 0,
) -> None:
    """Print one JSON object per document per line (the form of fields.md). Needs no service."""
    from clearway.settings import load_settings
    from extractors.batch import extract_paths

    # A mistyped path is the caller's mistake, not a damaged document (CW104): say so.
    for missing in (p for p in paths if not p.exists()):
        from clearway import errors

        _refuse(errors.NO_SUCH_FILE.info(path=missing, cwd=Path.cwd()))
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

    if not path.is_file():
        from clearway import errors

        _refuse(errors.NO_SUCH_FILE.info(path=path, cwd=Path.cwd()))
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
def bench(
    paths: Annotated[list[Path], typer.Argument(help="PDFs and images, or folders of them.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
) -> None:
    """Pages per second on one core: pdfplumber and Tesseract alone beside Clearway's
    extraction end to end, on the same pages."""
    import json

    from rich.console import Console
    from rich.progress import Progress

    from clearway.settings import load_settings
    from evaluation import bench as timing
    from evaluation.report import print_bench

    err = Console(stderr=True)
    try:
        files = timing.paths_to_files(paths)
    except timing.BenchError as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("timing", total=len(files))
        timings = timing.run(
            files, load_settings(), lambda done, total: progress.update(task, completed=done)
        )
    figures = timing.summary(timings)
    print_bench(figures, Console(width=max(Console().width, 100)))
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(figures, indent=2))


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
def quality(
    corpus: Annotated[
        Path, typer.Argument(help="A corpus from `python -m synth DIR --defects` (docs + truth).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Process a generated defect corpus and hold linking and findings to their targets:
    documents in the right consignment, defect-finding recall, false findings on clean ones."""
    from clearway.settings import load_settings
    from evaluation.quality import QualityError, report_lines, run_quality

    try:
        figures = run_quality(corpus, load_settings())
    except QualityError as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        typer.echo("\n".join(report_lines(figures)))


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


@handoff_app.command("dispatch")
def handoff_dispatch() -> None:
    """Deliver the declarations due in the outbox now (exit 1 if the system seems down)."""
    from rich.console import Console

    from clearway.settings import load_settings
    from handoff.outbox import dispatch
    from handoff.report import print_dispatch
    from storage.db import migrate

    settings = load_settings()
    migrate(settings)
    report = dispatch(settings)
    print_dispatch(report, Console())
    raise typer.Exit(1 if report.stopped_early else 0)


@handoff_app.command("status")
def handoff_status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Outbox rows per status, dead ones with their last error, open work per assessor."""
    from rich.console import Console

    from clearway.settings import load_settings
    from handoff.report import collect, print_status
    from storage.db import migrate

    settings = load_settings()
    migrate(settings)
    print_status(collect(settings), Console(), as_json)


@handoff_app.command("retry")
def handoff_retry(
    reference: Annotated[
        str | None, typer.Argument(help="A consignment (CWC-…); all dead rows if omitted.")
    ] = None,
) -> None:
    """Put dead deliveries back in the outbox, due now, with a fresh count of attempts."""
    from clearway import errors
    from clearway.settings import load_settings
    from handoff.outbox import retry_dead, why_nothing_to_retry
    from storage.db import migrate

    settings = load_settings()
    migrate(settings)
    if reference and (why := why_nothing_to_retry(settings, reference)):
        _refuse(errors.NOTHING_TO_RETRY.info(ref=reference.strip().upper(), why=why))
    n = retry_dead(settings, reference)
    typer.echo(f"{n} delivery(ies) re-queued; `clearway handoff dispatch` sends them now")


def _refuse(info: ErrorInfo) -> NoReturn:
    """A refused command: its coded error as one line on stderr, exit code 2."""
    typer.secho(f"error: {info.code} {info.name}: {info.message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(2)


def _assessment(run: Callable[[Settings], list[str] | None]) -> None:
    """Run an assessor command; a refusal (CW7xx) is one line on stderr and exit code 2."""
    from clearway.errors import AssessmentRefused

    _refusable(run, AssessmentRefused)


def _refusable(run: Callable[[Settings], list[str] | None], refusal: type[Exception]) -> None:
    """Run a command on migrated settings; ``refusal`` is one line on stderr and exit code 2."""
    from clearway.settings import load_settings
    from storage.db import migrate

    settings = load_settings()
    migrate(settings)
    try:
        lines = run(settings)
    except refusal as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    for line in lines or ():
        typer.echo(line)


@declaration_app.command("show")
def declaration_show(
    reference: Annotated[str, typer.Argument(help="A consignment reference (CWC-…).")],
    version: Annotated[
        int | None, typer.Option("--version", help="A version (default: the latest).")
    ] = None,
) -> None:
    """Print a declaration version as JSON: values, duties, risk, who made it, latest decision."""
    from declarations.assessor import show_declaration

    _assessment(
        lambda s: [
            json.dumps(show_declaration(s, reference, version), indent=2, ensure_ascii=False)
        ]
    )


@declaration_app.command("history")
def declaration_history(
    reference: Annotated[str, typer.Argument(help="A consignment reference (CWC-…).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every version (who, when, why, what changed), the decisions and e-mails to the trader."""
    from declarations.assessor import declaration_history as history
    from declarations.render import history_lines

    def run(s: Settings) -> list[str]:
        h = history(s, reference)
        return [json.dumps(h, indent=2, ensure_ascii=False)] if as_json else history_lines(h)

    _assessment(run)


@declaration_app.command("amend")
def declaration_amend(
    reference: Annotated[str, typer.Argument(help="A consignment reference (CWC-…).")],
    field: Annotated[
        str, typer.Argument(help="A key (currency) or items.N.KEY (items.0.hs_code).")
    ],
    value: Annotated[str, typer.Argument(help="The new value.")],
    by: Annotated[str, typer.Option("--by", help="Who makes the change.")],
    role: Annotated[str, typer.Option("--role", help="Their role (amendment_roles.yaml).")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the audit trail.")],
) -> None:
    """Change one field as a new version; duties and risk are recalculated, version 1 stays."""
    from declarations.assessor import amend_declaration
    from declarations.render import amended_lines

    _assessment(
        lambda s: amended_lines(
            amend_declaration(s, reference, field, value, by=by, role=role, reason=reason)
        )
    )


@declaration_app.command("decide")
def declaration_decide(
    reference: Annotated[str, typer.Argument(help="A consignment reference (CWC-…).")],
    decision: Annotated[str, typer.Argument(help="accept, request_documents, inspect or reject.")],
    by: Annotated[str, typer.Option("--by", help="Who decides.")],
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    request: Annotated[
        list[str] | None,
        typer.Option("--request", help="A document to request (repeat for several)."),
    ] = None,
) -> None:
    """Record a decision on the latest version; request_documents e-mails the trader."""
    from declarations.assessor import decide
    from declarations.render import decided_lines

    _assessment(
        lambda s: decided_lines(
            decide(s, reference, decision, by=by, note=note, requested=request or ())
        )
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the trader portal and assessor workbench (HTML, and JSON under /api/)."""
    import uvicorn

    from clearway.settings import load_settings
    from storage.db import migrate
    from web.app import serve_app

    settings = load_settings()
    migrate(settings)
    uvicorn.run(serve_app(settings), host=host, port=port, proxy_headers=True)


def _users(run: Callable[[Settings], list[str]]) -> None:
    """Run a users command; a refusal (CW810) is one line on stderr and exit code 2."""
    from web.refusals import WebRefused

    _refusable(run, WebRefused)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The sign-in e-mail address.")],
    name: Annotated[str, typer.Option("--name", help="The person's name.")],
    role: Annotated[str, typer.Option("--role", help="trader, assessor, steward or admin.")],
    company: Annotated[str | None, typer.Option(help="A trader's company.")] = None,
    team: Annotated[str | None, typer.Option(help="An assessor's team.")] = None,
    assessor_id: Annotated[
        str | None, typer.Option(help="An assessor's id in the assessors roster.")
    ] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="Asked if left out."
        ),
    ] = "",
) -> None:
    """Create an account (at least 12 characters of password; hashed with argon2id)."""
    from web.accounts import add_user

    def run(s: Settings) -> list[str]:
        u = add_user(
            s, email, name=name, role=role, password=password, company=company, team=team,
            assessor_id=assessor_id,
        )  # fmt: skip
        where = u.company or u.team
        return [f"added {u.email} ({u.role}{', ' + where if where else ''})"]

    _users(run)


@users_app.command("disable")
def users_disable(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Disable an account and end its sessions at once (offboarding); nothing is deleted."""
    from web.accounts import disable_user

    _users(lambda s: [f"disabled {disable_user(s, email).email}; its sessions are ended"])


@users_app.command("list")
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every account with its role, company or team, and whether it is active."""
    from web.accounts import list_users

    def run(s: Settings) -> list[str]:
        users = list_users(s)
        if as_json:
            return [json.dumps([u.public() for u in users], indent=2)]
        return [
            f"{u.email}\t{u.role}\t{u.company or u.team or '-'}\t"
            f"{'active' if u.active else 'disabled'}\t{u.name}"
            for u in users
        ] or ["no users; add one with `clearway users add`"]

    _users(run)


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
