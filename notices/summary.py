"""The stewards' daily summary: figures from rows, as plain text and as CSV (pure).

One list of (metric, key, value) rows is the single source for both the e-mail body and
its CSV attachment, so the two can never disagree.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Any

STEWARD_SUMMARY = "steward_summary"
CSV_HEADER = ("metric", "key", "value")
OUTBOX_STATUSES = ("delivered", "pending", "dead")


@dataclass(frozen=True)
class DayFigures:
    """What the summary is computed from: rows as the storage queries return them."""

    day: date
    received_by_status: Mapping[str, int] = field(default_factory=dict)
    documents_by_error: Mapping[str, int] = field(default_factory=dict)  # code -> documents
    consignments_queued: int = 0
    handoff_seconds: Sequence[float] = ()  # per document: first received -> first queued
    outbox: Mapping[str, int] = field(default_factory=dict)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in [0, 1]); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def figures_to_rows(f: DayFigures) -> list[tuple[str, str, str]]:
    """The summary as (metric, key, value) rows, in the order they are reported."""
    total = sum(f.received_by_status.values())
    rows = [("documents_received", "total", str(total))]
    rows += [
        ("documents_received", status, str(n)) for status, n in sorted(f.received_by_status.items())
    ]
    rows += [
        ("failure_rate", code, f"{n / total:.4f}" if total else "0.0000")
        for code, n in sorted(f.documents_by_error.items())
    ]
    rows.append(("consignments_queued", "total", str(f.consignments_queued)))
    rows.append(("handoff_seconds", "count", str(len(f.handoff_seconds))))
    rows.append(("handoff_seconds", "median", _fmt(percentile(f.handoff_seconds, 0.5))))
    rows.append(("handoff_seconds", "p90", _fmt(percentile(f.handoff_seconds, 0.9))))
    rows += [("outbox", status, str(f.outbox.get(status, 0))) for status in OUTBOX_STATUSES]
    return rows


def rows_to_csv(rows: Iterable[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return buf.getvalue()


def rows_to_text(day: date, rows: Iterable[Sequence[str]]) -> str:
    lines = [f"Clearway daily summary for {day.isoformat()} (UTC)", ""]
    section = None
    for metric, key, value in rows:
        if metric != section:
            if section is not None:
                lines.append("")
            lines.append(metric.replace("_", " ").capitalize())
            section = metric
        lines.append(f"  {key:<24} {value or '-'}")
    lines += [
        "",
        "Failure rate: share of the day's documents carrying that error code.",
        "Hand-off time: from a document's arrival (received) to its consignment being queued.",
        "Outbox: declarations handed off that day, by delivery status now.",
        "The same figures are attached as CSV.",
    ]
    return "\n".join(lines)


def summary_subject(day: date) -> str:
    return f"Clearway daily summary {day.isoformat()}"


def build_summary(figures: DayFigures, *, to: str, mail_from: str, message_id: str) -> EmailMessage:
    rows = figures_to_rows(figures)
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = to
    msg["Subject"] = summary_subject(figures.day)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rows_to_text(figures.day, rows))
    msg.add_attachment(
        rows_to_csv(rows).encode(),
        maintype="text",
        subtype="csv",
        filename=f"clearway-summary-{figures.day.isoformat()}.csv",
    )
    return msg


def counts(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, int]:
    """{row[key]: row["n"]} for rows of a GROUP BY query."""
    return {str(r[key]): int(r["n"]) for r in rows}
