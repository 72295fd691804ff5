"""``clearway status REF``: where a document or consignment stands, and how it got there."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from clearway import errors
from clearway.errors import ServiceUnavailable
from clearway.ids import tracking_ref
from clearway.settings import Settings
from clearway.status_upload import print_upload
from storage import consignments, documents
from storage.db import connect, migrate

EXIT_OK, EXIT_UNAVAILABLE, EXIT_UNKNOWN = 0, 1, 2


def show_status(reference: str, settings: Settings, console: Console | None = None) -> int:
    """Print the state and history of a CWD-… or CWC-… reference; returns the exit code."""
    console = console or Console()
    ref = reference.strip().upper()
    try:
        # Idempotent and quick; on a fresh database it turns "no such table" into "unknown".
        migrate(settings)
        conn = connect(settings)
    except ServiceUnavailable as exc:
        console.print(f"[red]{exc}[/red]")
        return EXIT_UNAVAILABLE
    try:
        if ref.startswith("CWC-"):
            cons = consignments.get_consignment(conn, ref)
            if cons is not None:
                print_consignment(console, cons)
                return EXIT_OK
        elif ref.startswith("CWU-"):
            if print_upload(console, conn, ref):
                return EXIT_OK
        elif ref.startswith("CWD-"):
            doc = documents.get_document_by_ref(conn, ref)
            if doc is not None:
                print_document(
                    console,
                    doc,
                    documents.list_sources(conn, doc["sha256"]),
                    documents.list_events(conn, doc["sha256"]),
                    consignments.consignment_of(conn, doc["sha256"]),
                    documents.list_members(conn, doc["sha256"]),
                )
                return EXIT_OK
    finally:
        conn.close()
    info = errors.UNKNOWN_REFERENCE.info(ref=reference)
    console.print(f"[red]error: {info.code} {info.name}:[/red] {info.message}", highlight=False)
    return EXIT_UNKNOWN


def print_document(
    console: Console,
    doc: dict[str, Any],
    sources: list[dict[str, Any]],
    events: list[dict[str, Any]],
    consignment_ref: str | None,
    members: list[dict[str, Any]],
) -> None:
    kind = doc["doc_type"] or "not yet classified"
    if doc["subtype"]:
        kind += f" ({doc['subtype']})"
    console.print(f"[bold]{doc['document_ref']}[/bold]  {doc['original_name'] or ''}")
    console.print(f"  status:      [bold]{doc['status']}[/bold]")
    console.print(f"  type:        {kind}")
    console.print(f"  file:        {doc['media_type'] or 'unknown'}, {doc['size_bytes']} bytes")
    console.print(f"  sha256:      {doc['sha256']}")
    console.print(f"  consignment: {consignment_ref or '-'}")
    if doc.get("parent_sha256"):
        console.print(f"  unpacked from archive {tracking_ref(doc['parent_sha256'])}")
    for e in doc["errors"] or []:
        console.print(f"  [red]{e['code']} {e['name']}[/red]: {e['message']}")
    if members:
        console.print(f"  archive of {len(members)} file(s):")
        for m in members:
            console.print(f"    {m['document_ref']}  {m['original_name']}  {m['status']}")
    table = Table("channel", "from", "name", "origin", "received", title="Sources")
    for s in sources:
        table.add_row(
            s["channel"],
            s["uploader"] or "",
            s["original_name"] or "",
            s["origin_ref"],
            _ts(s["received_at"]),
        )
    console.print(table)
    console.print(_events_table(events))


def print_consignment(console: Console, cons: dict[str, Any]) -> None:
    console.print(f"[bold]{cons['consignment_ref']}[/bold]")
    console.print(f"  status:   [bold]{cons['status']}[/bold]")
    complete = "yes" if cons["complete"] else f"no, missing: {', '.join(cons['missing']) or '?'}"
    console.print(f"  complete: {complete}")
    docs = Table("document", "name", "type", "status", title="Documents")
    for d in cons["documents"]:
        docs.add_row(
            d["document_ref"] or d["sha256"][:12],
            d["original_name"] or "",
            d["doc_type"] or "",
            d["status"] or "",
        )
    console.print(docs)
    if cons["findings"]:
        findings = Table("severity", "code", "fields", "message", title="Findings")
        for f in cons["findings"]:
            findings.add_row(f["severity"], f["code"], ", ".join(f["fields"] or []), f["message"])
        console.print(findings)
    else:
        console.print("  no findings")
    decls = Table("version", "created", "by", "reason", title="Declaration versions")
    for d in cons["declarations"]:
        decls.add_row(str(d["version"]), _ts(d["created_at"]), d["created_by"], d["reason"] or "")
    console.print(decls)
    q = cons["queue"]
    if q:
        console.print(
            f"  assessment queue: {q['status']} (declaration v{q['declaration_version']}) "
            f"since {_ts(q['queued_at'])}"
        )
    else:
        console.print("  assessment queue: not queued")


def _events_table(events: list[dict[str, Any]]) -> Table:
    table = Table("at", "status", "detail", title="History")
    for e in events:
        detail = json.dumps(e["detail"], ensure_ascii=False) if e["detail"] else ""
        table.add_row(_ts(e["at"]), e["status"], detail)
    return table


def _ts(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S %Z").strip() if value is not None else ""
