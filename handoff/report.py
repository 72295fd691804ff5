"""``clearway handoff …``: what the outbox holds and who has how much to assess."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from rich.console import Console
from rich.table import Table

from clearway.settings import Settings
from handoff.assign import load_roster
from handoff.outbox import DispatchReport
from storage import assignments, outbox
from storage.db import transaction


def collect(settings: Settings, limit: int = 50) -> dict[str, Any]:
    """Outbox counts per status, dead and pending rows, open assignments per assessor."""
    roster = load_roster(settings.assessors_file or None)
    with transaction(settings) as conn:
        counts = outbox.counts(conn)
        dead = outbox.list_rows(conn, "dead", limit)
        pending = outbox.list_rows(conn, "pending", limit)
        workload = assignments.open_workload(conn)
    people = [
        {"id": a.id, "team": a.team, "open": workload.get(a.id, 0), "capacity": a.capacity}
        for a in roster.assessors
    ]
    people.append(
        {
            "id": roster.fallback.id,
            "team": roster.fallback.team,
            "open": workload.get(roster.fallback.id, 0),
            "capacity": None,
        }
    )
    return {
        "endpoint": settings.assessment_url or None,
        "counts": counts,
        "dead": dead,
        "pending": pending,
        "workload": people,
    }


def print_status(state: dict[str, Any], console: Console, as_json: bool = False) -> None:
    if as_json:
        console.print_json(json.dumps(state, default=str))
        return
    endpoint = state["endpoint"] or "[yellow]not set (CLEARWAY_ASSESSMENT_URL): nothing is sent[/]"
    console.print(f"assessment system: {endpoint}")
    console.print("outbox: " + ", ".join(f"{n} {status}" for status, n in state["counts"].items()))
    if state["dead"]:
        table = Table("consignment", "version", "attempts", "last attempt", "last error",
                      title="dead: re-queue with `clearway handoff retry REF`")  # fmt: skip
        for r in state["dead"]:
            table.add_row(r["consignment_ref"], str(r["declaration_version"]), str(r["attempts"]),
                          _when(r["last_attempt_at"]), r["last_error"] or "")  # fmt: skip
        console.print(table)
    if state["pending"]:
        table = Table("consignment", "version", "attempts", "next attempt", "last error",
                      title="pending")  # fmt: skip
        for r in state["pending"]:
            table.add_row(r["consignment_ref"], str(r["declaration_version"]), str(r["attempts"]),
                          _when(r["next_attempt_at"]), r["last_error"] or "")  # fmt: skip
        console.print(table)
    table = Table("assessor", "team", "open", "capacity", title="open assignments")
    for p in state["workload"]:
        cap = "pool" if p["capacity"] is None else str(p["capacity"])
        table.add_row(p["id"], p["team"], str(p["open"]), cap)
    console.print(table)


def _when(ts: Any) -> str:
    """To the second, in UTC: the table stays one line a row (str() gives microseconds)."""
    if ts is None:
        return "-"
    return ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def print_dispatch(report: DispatchReport, console: Console) -> None:
    if not report.configured:
        console.print(f"[yellow]{report.note}[/]")
        return
    console.print(
        f"{report.attempted} attempted: {report.delivered} delivered, "
        f"{report.retrying} to retry, {report.dead} dead"
    )
    if report.note:
        console.print(f"[yellow]{report.note}[/]")
