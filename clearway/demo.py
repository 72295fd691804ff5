"""The main job on embedded defaults: bundled sample shipments in by e-mail and bucket,
the four DAGs run once each, consignments and their pre-filled declarations out.

Also the building blocks of the end-to-end test (feeding, running the DAGs, reading the
result back), so that the demo and the test exercise exactly the same path.
"""

from __future__ import annotations

import json
import mimetypes
import os
import subprocess
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from clearway.settings import REPO_ROOT, Settings, settings_to_env

SAMPLES = REPO_ROOT / "samples"
TRADER = "Saigon Garments Export <exports@saigon-garments.example>"
UPLOADER = "busan-trading"


def _shipments(samples: Path) -> list[dict[str, Any]]:
    return json.loads((samples / "shipments.json").read_text())["shipments"]


def shipment_email(samples: Path, shipment: dict[str, Any], sender: str, to: str) -> bytes:
    """One e-mail carrying every document of the shipment, as a forwarder would send it."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = (
        f"Import documents, shipment {shipment['references'].get('invoice_number', '')}"
    )
    msg["Date"] = formatdate(localtime=False)
    # Deterministic Message-ID: running the demo twice sends the same e-mail twice.
    msg["Message-ID"] = f"<clearway-demo-{shipment['id']}@saigon-garments.example>"
    msg.set_content("Dear customs team,\n\nplease find the documents attached.\n\nRegards\n")
    for rel in shipment["documents"]:
        path = samples / rel
        maintype, subtype = (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        ).split("/")
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return msg.as_bytes()


def feed_samples(settings: Settings, samples: Path = SAMPLES) -> dict[str, int]:
    """Put each bundled shipment where a trader would: the mailbox or the inbox bucket."""
    from clearway.localstack.imap import deliver
    from storage.objects import ObjectStore

    store = ObjectStore(settings)
    store.ensure_buckets()
    counts = {"emails": 0, "uploads": 0}
    for shipment in _shipments(samples):
        if shipment["channel"] == "email":
            deliver(
                settings,
                shipment_email(
                    samples, shipment, TRADER, f"{settings.imap_user}@customs.localhost"
                ),
            )
            counts["emails"] += 1
        else:
            for rel in shipment["documents"]:
                path = samples / rel
                store.put_incoming(path.name, path.read_bytes(), uploader=UPLOADER)
                counts["uploads"] += 1
    return counts


def run_dags(
    settings: Settings, on_line: Callable[[str], None] = print, timeout: float = 900
) -> None:
    """Run the DAGs once each with dag.test() in a child process (Airflow stays out of ours)."""
    from clearway.localstack.airflow_env import airflow_env, migrate_airflow_db

    migrate_airflow_db(settings)
    env = {
        **os.environ,
        **airflow_env(settings),
        **settings_to_env(settings),
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, str(REPO_ROOT / "scripts" / "run_dags.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    tail: list[str] = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-60:]
        if line.startswith("RUN "):
            on_line(line.rstrip())
        if time.monotonic() > deadline:
            proc.kill()
            break
    if proc.wait() != 0:
        raise RuntimeError("a DAG run failed:\n" + "\n".join(tail))


def collect_report(settings: Settings) -> dict[str, Any]:
    """Documents, consignments with findings and declarations, and the queue, from PostgreSQL."""
    from storage.consignments import get_consignment, list_consignments
    from storage.db import fetch_all, transaction

    with transaction(settings) as conn:
        documents = fetch_all(
            conn,
            "SELECT document_ref, original_name, doc_type, subtype, status, errors "
            "FROM documents WHERE status <> 'unpacked' ORDER BY original_name",
        )
        consignments = [
            get_consignment(conn, c["consignment_ref"]) for c in list_consignments(conn, 1000)
        ]
        queue = fetch_all(conn, "SELECT * FROM assessment_queue ORDER BY queued_at")
    return json.loads(
        json.dumps(
            {"documents": documents, "consignments": consignments, "queue": queue}, default=str
        )
    )


def _cell(v: Any) -> tuple[str, str, str, str]:
    """(value, data element, source, confidence) of one declaration value."""
    if not isinstance(v, dict):
        return ("", "", "", "")
    if isinstance(v.get("number"), dict):  # a supporting document: {type, number: {value…}}
        inner = _cell(v["number"])
        kind = v["type"].get("value") if isinstance(v.get("type"), dict) else v.get("type")
        return (f"{kind or ''} {inner[0]}".strip(), *inner[1:])
    src = v.get("source") or {}
    where = f"{src.get('file', '')} p.{src.get('page')}" if src.get("file") else ""
    conf = f"{v['confidence']:.2f}" if isinstance(v.get("confidence"), int | float) else ""
    value = v.get("value", v.get("number"))
    return ("" if value is None else str(value), str(v.get("de") or ""), where, conf)


def _declaration_rows(decl: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for key, v in decl.items():
        if key == "items":
            for i, item in enumerate(v, 1):
                for ikey, iv in item.items():
                    rows.append((f"item {i} {ikey}", *_cell(iv)))
        elif isinstance(v, list):
            for x in v:
                rows.append((key, *_cell(x)))
        else:
            rows.append((key, *_cell(v)))
    return rows


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 150))
    docs = Table(title="Documents")
    for col in ("reference", "file", "type", "status", "errors"):
        docs.add_column(col)
    for d in report["documents"]:
        kind = f"{d['doc_type'] or ''} {d['subtype'] or ''}".strip()
        errors = "; ".join(f"{e['code']} {e['name']}" for e in d["errors"] or [])
        docs.add_row(d["document_ref"], d["original_name"] or "", kind, d["status"], errors)
    console.print(docs)

    for c in report["consignments"]:
        state = "QUEUED for assessment" if c.get("queue") else "waiting (incomplete)"
        console.rule(f"[bold]{c['consignment_ref']}[/bold]  {state}")
        for d in c["documents"]:
            console.print(f"  {d['document_ref']}  {d['doc_type'] or '?':<13} {d['original_name']}")
        for f in c["findings"]:
            console.print(f"  [yellow]{f['severity']}[/yellow] {f['code']}: {f['message']}")
        if c["missing"]:
            console.print(f"  [red]missing[/red]: {', '.join(c['missing'])}")
        if not c["declarations"]:
            continue
        decl = Table(title=f"pre-filled declaration v{c['declarations'][-1]['version']}")
        for col in ("key", "value", "DE", "source", "conf."):
            decl.add_column(col, overflow="fold")
        for row in _declaration_rows(c["declarations"][-1]["body"]):
            decl.add_row(*row)
        console.print(decl)


def run_demo(report_path: Path) -> int:
    from clearway.localstack import ensure_up
    from clearway.localstack.smtp import sent_messages

    started = time.time_ns()
    print("1/4 starting the local services (PostgreSQL, S3, IMAP, SMTP) …", flush=True)
    settings = ensure_up()
    print("2/4 sending the bundled shipments: one by e-mail, two by bucket upload …", flush=True)
    fed = feed_samples(settings)
    print(f"    {fed['emails']} e-mail(s) delivered, {fed['uploads']} file(s) uploaded", flush=True)
    print(
        "3/4 running the DAGs (ingest e-mail, ingest bucket, process, link and hand off) …",
        flush=True,
    )
    run_dags(settings, on_line=lambda line: print("    " + line, flush=True))
    print("4/4 reading the result back from PostgreSQL", flush=True)
    report = collect_report(settings)
    acks = sent_messages(settings, since_ns=started)
    report["acknowledgements"] = [
        {
            "to": m["To"],
            "subject": m["Subject"],
            "body": m.get_content() if not m.is_multipart() else "",
        }
        for m in acks
    ]
    print_report(report)
    for ack in report["acknowledgements"]:
        print(f"\nAcknowledgement to {ack['to']} — {ack['subject']}\n{ack['body']}")
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    queued = sum(1 for c in report["consignments"] if c.get("queue"))
    print(
        f"\n{len(report['documents'])} documents, {len(report['consignments'])} consignments, "
        f"{queued} queued for assessment. Report: {report_path}"
    )
    return 0
