"""`clearway handoff status` prints times to the second in UTC, one line a row (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rich.console import Console

from handoff.report import print_status


def test_times_are_to_the_second_in_utc() -> None:
    at = datetime(2026, 11, 22, 8, 6, 53, 244840, tzinfo=timezone(timedelta(hours=2)))
    row = {"consignment_ref": "CWC-AAAA-BBBB-CC", "declaration_version": 1, "attempts": 3,
           "last_attempt_at": at, "next_attempt_at": at, "last_error": "CW601 x"}  # fmt: skip
    state = {"endpoint": "http://a", "counts": {"pending": 1, "dead": 1}, "dead": [row],
             "pending": [{**row, "last_error": None}], "workload": []}  # fmt: skip
    console = Console(width=200, record=True)
    print_status(state, console)
    out = console.export_text()
    assert out.count("2026-11-22 06:06:53 UTC") == 2 and "244840" not in out
