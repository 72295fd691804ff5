"""samples/ is exactly what ``python -m synth samples --preset demo`` writes today."""

from __future__ import annotations

import json
from pathlib import Path

from synth.__main__ import main

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }


def test_samples_are_up_to_date(tmp_path: Path) -> None:
    assert main([str(tmp_path), "--preset", "demo"]) == 0
    fresh, bundled = _files(tmp_path), _files(SAMPLES)
    assert sorted(fresh) == sorted(bundled)
    stale = [name for name in fresh if fresh[name] != bundled[name]]
    assert not stale, f"regenerate with: uv run python -m synth samples --preset demo ({stale})"


def test_samples_stay_small() -> None:
    assert sum(len(b) for b in _files(SAMPLES).values()) < 1_500_000


def test_cli_random_run(tmp_path: Path) -> None:
    args = [str(tmp_path), "--shipments", "4", "--seed", "9", "--scans", "--scan-format", "jpg"]
    assert main(args) == 0
    docs = {p.name for p in (tmp_path / "docs").iterdir()}
    gts = [json.loads(p.read_text()) for p in (tmp_path / "gt").iterdir()]
    assert len(docs) == len(gts) >= 8
    assert {Path(g["file"]).name for g in gts} == docs
    kinds = {g["file_kind"] for g in gts}
    assert kinds == {"pdf_text", "scan"}
    for g in gts:
        if g["file_kind"] == "pdf_text":
            assert g["file"].endswith(".pdf") and "scan" not in g
        else:  # one-page scans in the format asked for; several pages need a TIFF
            assert g["file"].endswith(".jpg" if g["scan"]["pages"] == 1 else ".tif")
    index = json.loads((tmp_path / "shipments.json").read_text())
    assert [s["id"] for s in index["shipments"]] == [f"s9_{i:04d}" for i in range(4)]
