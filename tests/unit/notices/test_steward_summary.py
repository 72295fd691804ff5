from __future__ import annotations

import csv
import io
from datetime import date

from notices.summary import (
    DayFigures,
    build_summary,
    counts,
    figures_to_rows,
    percentile,
    rows_to_csv,
)

DAY = date(2026, 3, 1)
FIGURES = DayFigures(
    day=DAY,
    received_by_status={"queued": 2, "failed": 1, "extracted": 1},
    documents_by_error={"CW105": 1, "CW301": 2},
    consignments_queued=1,
    handoff_seconds=[60.0, 120.0, 180.0, 240.0, 600.0],
    outbox={"delivered": 3, "dead": 1},
)


def test_percentile_interpolates() -> None:
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([60.0, 120.0, 180.0, 240.0, 600.0], 0.5) == 180.0
    assert percentile([60.0, 120.0, 180.0, 240.0, 600.0], 0.9) == 456.0


def test_figures_to_rows() -> None:
    assert figures_to_rows(FIGURES) == [
        ("documents_received", "total", "4"),
        ("documents_received", "extracted", "1"),
        ("documents_received", "failed", "1"),
        ("documents_received", "queued", "2"),
        ("failure_rate", "CW105", "0.2500"),
        ("failure_rate", "CW301", "0.5000"),
        ("consignments_queued", "total", "1"),
        ("handoff_seconds", "count", "5"),
        ("handoff_seconds", "median", "180.0"),
        ("handoff_seconds", "p90", "456.0"),
        ("outbox", "delivered", "3"),
        ("outbox", "pending", "0"),
        ("outbox", "dead", "1"),
    ]


def test_an_empty_day_has_zeros_and_no_times() -> None:
    rows = dict(((m, k), v) for m, k, v in figures_to_rows(DayFigures(day=DAY)))
    assert rows[("documents_received", "total")] == "0"
    assert rows[("handoff_seconds", "median")] == ""
    assert rows[("outbox", "pending")] == "0"


def test_csv_has_a_header_and_the_same_rows() -> None:
    rows = figures_to_rows(FIGURES)
    parsed = list(csv.reader(io.StringIO(rows_to_csv(rows))))
    assert parsed[0] == ["metric", "key", "value"]
    assert [tuple(r) for r in parsed[1:]] == rows


def test_summary_mail_has_text_and_csv_attachment() -> None:
    msg = build_summary(FIGURES, to="s@x.org", mail_from="c@x.org", message_id="<m@x>")
    assert msg["Subject"] == "Clearway daily summary 2026-03-01"
    text = msg.get_body(("plain",))
    assert text is not None and "CW301" in text.get_content()
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == "clearway-summary-2026-03-01.csv"
    assert attachment.get_content_type() == "text/csv"
    content = attachment.get_content()
    text_csv = content.decode() if isinstance(content, bytes) else content
    assert text_csv == rows_to_csv(figures_to_rows(FIGURES))


def test_counts_from_group_by_rows() -> None:
    assert counts([{"status": "sent", "n": 2}], "status") == {"sent": 2}
