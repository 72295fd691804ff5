"""The quality bar of validation and linking, over a generated corpus with deliberate defects.

``clearway quality DIR`` runs ``clearway process`` over ``DIR/docs`` (a corpus written by
``python -m synth DIR --defects``) and holds the result against the shipments' truth:

- linking: the share of documents placed in exactly their shipment's consignment;
- defect recall: the share of defective shipments whose expected finding codes were all
  raised, overall and per defect kind;
- false findings: the share of clean shipments that raised a finding all the same.

``low_confidence`` asserts nothing about the shipment (it asks a person to look at a value
that was hard to read), so it is reported apart and does not count as a false finding.
Scoring is a pure function of the truth and the process output (``score``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REVIEW_CODES = frozenset({"low_confidence"})


@dataclass(frozen=True)
class Target:
    name: str
    bar: float
    higher_is_better: bool = True

    def met(self, value: float | None) -> bool:
        if value is None:
            return False
        return value >= self.bar if self.higher_is_better else value <= self.bar


TARGETS = (
    Target("documents in the right consignment", 0.98),
    Target("defect-finding recall", 0.95),
    Target("clean shipments with a false finding", 0.05, higher_is_better=False),
)


class QualityError(ValueError):
    """The folder is not a generated corpus with shipments.json and docs/."""


def load_shipments(corpus: Path) -> list[dict[str, Any]]:
    index = corpus / "shipments.json"
    if not index.is_file() or not (corpus / "docs").is_dir():
        raise QualityError(
            f"{corpus} has no shipments.json and docs/: generate one with "
            f"`uv run python -m synth {corpus} --shipments 30 --seed 1 --defects`"
        )
    return json.loads(index.read_text(encoding="utf-8"))["shipments"]


def run_quality(corpus: Path, settings: Any) -> dict[str, Any]:
    """Process the corpus and score it (the I/O shell around ``score``)."""
    from clearway.process import process_paths

    shipments = load_shipments(corpus)
    files = [corpus / f for s in shipments for f in s["documents"]]
    result = process_paths(files, settings)
    return score(shipments, result, corpus)


# --- pure scoring -------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _relative(file: str, root: Path) -> str:
    path = Path(file)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def score(shipments: list[dict[str, Any]], result: dict[str, Any], root: Path) -> dict[str, Any]:
    groups = [
        {
            "id": c["id"],
            "files": frozenset(_relative(f, root) for f in c["documents"]),
            "codes": [f["code"] for f in c["findings"]],
        }
        for c in result["consignments"]
    ]
    group_of = {f: g for g in groups for f in g["files"]}
    status = {_relative(d["file"], root): d["status"] for d in result["documents"]}
    rows = [_shipment_row(s, group_of, groups, status) for s in shipments]
    return summarise(rows)


def _shipment_row(
    s: dict[str, Any],
    group_of: dict[str, dict[str, Any]],
    groups: list[dict[str, Any]],
    status: dict[str, str],
) -> dict[str, Any]:
    docs = frozenset(s["documents"])
    right = [f for f in sorted(docs) if f in group_of and group_of[f]["files"] == docs]
    touching = [g for g in groups if g["files"] & docs]
    raised = sorted({c for g in touching for c in g["codes"]})
    expected = sorted(
        {f["code"] if isinstance(f, dict) else f for f in s["consignment"]["findings"]}
    )
    claims = [c for c in raised if c not in REVIEW_CODES]
    return {
        "id": s["id"],
        "defect": (s.get("defect") or {}).get("kind"),
        "documents": len(docs),
        "right": len(right),
        "misplaced": [f for f in sorted(docs) if f not in right],
        "failed": sorted(f for f in docs if status.get(f) in ("failed", "rejected")),
        "expected": expected,
        "raised": raised,
        "missed": [c for c in expected if c not in raised],
        "unexpected": [c for c in claims if c not in expected],
        "review": [c for c in raised if c in REVIEW_CODES],
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    docs = sum(r["documents"] for r in rows)
    right = sum(r["right"] for r in rows)
    defective = [r for r in rows if r["defect"]]
    clean = [r for r in rows if not r["defect"]]
    per_kind: dict[str, dict[str, Any]] = {}
    for r in defective:
        k = per_kind.setdefault(r["defect"], {"shipments": 0, "detected": 0, "exact": 0})
        k["shipments"] += 1
        k["detected"] += not r["missed"]
        k["exact"] += not r["missed"] and not r["unexpected"]
    for k in per_kind.values():
        k["recall"] = _ratio(k["detected"], k["shipments"])
    false_clean = [r for r in clean if r["unexpected"]]
    values = {
        "documents in the right consignment": _ratio(right, docs),
        "defect-finding recall": _ratio(sum(not r["missed"] for r in defective), len(defective)),
        "clean shipments with a false finding": _ratio(len(false_clean), len(clean)),
    }
    return {
        "shipments": len(rows),
        "documents": docs,
        "documents_right": right,
        "defective_shipments": len(defective),
        "clean_shipments": len(clean),
        "linking_share": values["documents in the right consignment"],
        "defect_recall": values["defect-finding recall"],
        "false_finding_share": values["clean shipments with a false finding"],
        "per_defect": dict(sorted(per_kind.items())),
        "unexpected_codes": dict(sorted(Counter(c for r in rows for c in r["unexpected"]).items())),
        "review_codes": dict(sorted(Counter(c for r in rows for c in r["review"]).items())),
        "targets": [
            {
                "target": t.name,
                "value": values[t.name],
                "bar": t.bar,
                "direction": ">=" if t.higher_is_better else "<=",
                "met": t.met(values[t.name]),
            }
            for t in TARGETS
        ],
        "shipments_detail": rows,
    }


# --- text report --------------------------------------------------------------------------


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f} %"


def report_lines(q: dict[str, Any]) -> list[str]:
    lines = [
        f"{q['shipments']} shipments ({q['defective_shipments']} with a defect, "
        f"{q['clean_shipments']} clean), {q['documents']} documents",
        "",
        f"{'target':40s} {'value':>9s} {'bar':>9s}  met",
    ]
    for t in q["targets"]:
        bar = f"{t['direction']} {100 * t['bar']:.0f} %"
        lines.append(
            f"{t['target']:40s} {_pct(t['value']):>9s} {bar:>9s}  {'yes' if t['met'] else 'NO'}"
        )
    lines += [
        "",
        f"{'defect kind':30s} {'shipments':>9s} {'detected':>9s} {'exact':>6s} {'recall':>8s}",
    ]
    for kind, k in q["per_defect"].items():
        lines.append(
            f"{kind:30s} {k['shipments']:9d} {k['detected']:9d} {k['exact']:6d} "
            f"{_pct(k['recall']):>8s}"
        )
    if q["unexpected_codes"]:
        lines += [
            "",
            "unexpected findings: "
            + ", ".join(f"{c} {n}" for c, n in q["unexpected_codes"].items()),
        ]
    if q["review_codes"]:
        lines.append(
            "review requests (not counted): "
            + ", ".join(f"{c} {n}" for c, n in q["review_codes"].items())
        )
    wrong = [r for r in q["shipments_detail"] if r["missed"] or r["unexpected"] or r["misplaced"]]
    if wrong:
        lines += ["", "shipments off the mark:"]
    for r in wrong:
        what = []
        if r["misplaced"]:
            what.append(f"misplaced {', '.join(Path(f).name for f in r['misplaced'])}")
        if r["failed"]:
            what.append(f"failed {', '.join(Path(f).name for f in r['failed'])}")
        if r["missed"]:
            what.append(f"missed {', '.join(r['missed'])}")
        if r["unexpected"]:
            what.append(f"unexpected {', '.join(r['unexpected'])}")
        lines.append(f"  {r['id']} ({r['defect'] or 'clean'}): {'; '.join(what)}")
    return lines
