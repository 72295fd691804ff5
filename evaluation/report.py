"""Summary -> tables on the terminal (rich) or one JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def print_summary(
    summary: dict[str, Any], targets: list[dict[str, Any]], console: Console, mistakes: int = 0
) -> None:
    m = summary["micro"]
    console.print(
        f"[bold]{summary['documents']} documents[/]: micro F1 {m['f1']:.3f} "
        f"(P {m['precision']:.3f}, R {m['recall']:.3f}); document type accuracy "
        f"{summary['doc_type_accuracy']:.3f}; line items F1 {summary['line_items']['f1']:.3f}"
    )
    console.print(corpus_table(summary))
    console.print(field_table(summary["per_field"]))
    if summary["line_item_fields"]:
        console.print(field_table(summary["line_item_fields"], "Line-item cells"))
    console.print(calibration_table(summary["calibration"]))
    sp = summary["speed"]
    console.print(
        f"speed per core: text {pct_rate(sp['text_pages_per_s'])} pages/s "
        f"({sp['text_pages']} pages), OCR {pct_rate(sp['ocr_pages_per_s'])} pages/s "
        f"({sp['ocr_pages']} pages)"
    )
    if summary["statuses"]:
        console.print(
            "statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["statuses"].items()))
        )
    misses = summary["doc_type_misses"]
    for miss in misses[:20]:
        console.print(f"  type: {miss['id']} expected {miss['expected']}, got {miss['predicted']}")
    for row in summary["mistakes"][:mistakes]:
        console.print(
            f"  {row['outcome']:6s} {row['id']} {row['field']}: expected {row['expected']!r}, "
            f"got {row['predicted']!r} (confidence {pct(row['confidence'])})"
        )
    console.print(target_table(targets))


def pct_rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def corpus_table(summary: dict[str, Any]) -> Table:
    t = Table(title="By corpus and file kind", title_justify="left")
    for col in ("corpus", "kind", "docs", "P", "R", "F1", "type acc.", "items F1"):
        t.add_column(col, justify="left" if col in ("corpus", "kind") else "right")
    for corpus, part in summary["by_corpus"].items():
        m = part["micro"]
        t.add_row(
            corpus,
            "all",
            str(part["documents"]),
            pct(m["precision"]),
            pct(m["recall"]),
            pct(m["f1"]),
            pct(part["doc_type_accuracy"]),
            pct(part["line_items"]["f1"])
            if part["line_items"]["tp"] + part["line_items"]["fn"]
            else "-",
        )
        for kind, figures in part["by_file_kind"].items():
            k = figures["micro"]
            t.add_row(
                "",
                kind,
                str(figures["documents"]),
                pct(k["precision"]),
                pct(k["recall"]),
                pct(k["f1"]),
                "",
                "",
            )
    return t


def field_table(per_field: dict[str, dict[str, Any]], title: str = "Per field") -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("field", "P", "R", "F1", "tp", "fp", "fn"):
        t.add_column(col, justify="left" if col == "field" else "right")
    for name, f in per_field.items():
        t.add_row(
            name,
            pct(f["precision"]),
            pct(f["recall"]),
            pct(f["f1"]),
            str(f["tp"]),
            str(f["fp"]),
            str(f["fn"]),
        )
    return t


def calibration_table(cal: dict[str, Any]) -> Table:
    t = Table(title="Calibration (predicted values with a ground truth)", title_justify="left")
    for col in ("confidence", "values", "right", "share right"):
        t.add_column(col, justify="right")
    for row in cal["buckets"]:
        t.add_row(row["bucket"], str(row["values"]), str(row["right"]), pct(row["share_right"]))
    t.caption = (
        f"at >= {cal['threshold']}: {cal['trusted_values']} values, "
        f"{pct(cal['trusted_share_right'])} right; {pct(cal['share_of_values_trusted'])} of values"
    )
    return t


def target_table(targets: list[dict[str, Any]]) -> Table:
    t = Table(title="Targets", title_justify="left")
    for col in ("target", "value", "bar", "met"):
        t.add_column(col, justify="left" if col == "target" else "right")
    for row in targets:
        mark = "[green]yes[/]" if row["met"] else "[red]no[/]"
        value = pct_rate(row["value"]) if "per second" in row["target"] else pct(row["value"])
        t.add_row(row["target"], value, str(row["bar"]), mark)
    return t


def write_json(path: Path, summary: dict[str, Any], targets: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({**summary, "targets": targets}, indent=2, ensure_ascii=False, default=str),
        encoding="utf-8",
    )


def print_bench(figures: dict[str, Any], console: Console) -> None:
    """``clearway bench``: one row per kind of page, the library alone beside Clearway."""
    table = Table(title="Pages per second on one core (CPU time; wall clock in brackets)")
    for column in ("pages", "docs", "library alone", "library", "Clearway", "Clearway/library"):
        table.add_column(column, justify="left" if column == "library alone" else "right")
    for kind in ("text", "ocr"):
        row = figures["kinds"][kind]
        if not row["pages"]:
            continue
        ratio = row["clearway_time_per_library_time"]
        table.add_row(
            f"{row['pages']} {kind}",
            str(row["documents"]),
            row["library"],
            _rates(row["library_pages_per_s"], row["library_wall_pages_per_s"]),
            _rates(row["clearway_pages_per_s"], row["clearway_wall_pages_per_s"]),
            "-" if ratio is None else f"{ratio:.2f}x the time",
        )
    console.print(table)
    for failed in figures["failed"]:
        console.print(f"  not timed: {failed['file']} ({failed['error']})")


def _rates(cpu: float | None, wall: float | None) -> str:
    return f"{pct_rate(cpu)} ({pct_rate(wall)})"
