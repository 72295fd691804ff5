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


def _value(decl: dict[str, Any], key: str) -> str:
    v = decl.get(key)
    if isinstance(v, dict):
        return "" if v.get("value") is None else str(v["value"])
    if isinstance(v, list):
        return ", ".join(str(x.get("value", x.get("number", ""))) for x in v if isinstance(x, dict))
    return ""


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    docs = Table(title="Documents", show_lines=False)
    for col in ("reference", "file", "type", "status", "errors"):
        docs.add_column(col)
    for d in report["documents"]:
        errors = "; ".join(e["code"] for e in d["errors"] or [])
        docs.add_row(
            d["document_ref"],
            d["original_name"] or "",
            f"{d['doc_type'] or ''} {d['subtype'] or ''}".strip(),
            d["status"],
            errors,
        )
    console.print(docs)

    cons = Table(title="Consignments and their pre-filled declarations", show_lines=True)
    for col in (
        "consignment",
        "documents",
        "status",
        "importer / exporter",
        "transport doc",
        "invoice",
        "total",
        "items (HS)",
        "findings / missing",
    ):
        cons.add_column(col, overflow="fold")
    for c in report["consignments"]:
        decl = (c["declarations"][-1]["body"] if c["declarations"] else {}) or {}
        items = decl.get("items", [])
        hs = ", ".join(str(i.get("hs_code", {}).get("value") or "?") for i in items)
        findings = [f"{f['severity']}: {f['code']}" for f in c["findings"]]
        missing = [f"missing {m}" for m in c["missing"] or []]
        cons.add_row(
            c["consignment_ref"],
            "\n".join(f"{d['document_ref']} {d['doc_type'] or ''}" for d in c["documents"]),
            c["status"] + (" (queued)" if c.get("queue") else ""),
            f"{_value(decl, 'importer_name')}\n{_value(decl, 'exporter_name')}",
            f"{_value(decl, 'transport_document_type')} {_value(decl, 'transport_document_number')}",
            _value(decl, "invoice_numbers"),
            f"{_value(decl, 'total_amount')} {_value(decl, 'currency')}",
            hs,
            "\n".join(findings + missing) or "none",
        )
    console.print(cons)


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
    acks = [m for m in sent_messages(settings, since_ns=started)]
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
        f"\n{len(report['documents'])} documents, {len(report['consignments'])} consignments, {queued} queued for assessment. Report: {report_path}"
    )
    return 0
