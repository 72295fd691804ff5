"""Write shipments to disk: docs/ (PDF or scan), gt/ (one JSON each), shipments.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from synth.presets import Planned
from synth.truth import documents, ground_truth, shipment_record


def _json(obj: Any) -> str:
    # Sorted keys off: field order follows the document, which reads better in review.
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def write(outdir: Path, planned: list[Planned], meta: dict[str, Any]) -> dict[str, Any]:
    (outdir / "docs").mkdir(parents=True, exist_ok=True)
    (outdir / "gt").mkdir(parents=True, exist_ok=True)
    records = []
    for p in planned:
        s = p.shipment
        docs = documents(s)
        for d in docs:
            (outdir / d.file).write_bytes(d.data())
            (outdir / "gt" / f"{d.id}.json").write_text(_json(ground_truth(s, d)), encoding="utf-8")
        records.append(shipment_record(s, docs, p.channel))
    index = {**meta, "shipments": records}
    (outdir / "shipments.json").write_text(_json(index), encoding="utf-8")
    return index
