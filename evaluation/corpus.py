"""Ground-truth folders -> evaluation cases.

A folder has the public corpus form: ``gt/<id>.json`` naming its document by ``file``
(relative to the folder) and, for Factur-X PDFs, ``file_noxml`` (the same pages without the
embedded XML). Text extraction is judged on ``file_noxml`` unless the XML is wanted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Ground-truth file kinds -> the three kinds reported (text PDF, image, scan).
FILE_KINDS = {
    "pdf_text": "text_pdf",
    "image": "image",
    "image_png": "image",
    "image_rendered_from_pdf": "image",
    "scan": "scan",
}


@dataclass(frozen=True)
class Case:
    id: str
    corpus: str  # the folder's name, to report corpora apart
    path: Path
    gt: dict[str, Any]

    @property
    def file_kind(self) -> str:
        kind = str(self.gt.get("file_kind", ""))
        if kind in FILE_KINDS:
            return FILE_KINDS[kind]
        return "image" if self.path.suffix.lower() in IMAGE_SUFFIXES else "other"


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


class CorpusError(ValueError):
    """A folder that is not a ground-truth corpus; the message says what is missing."""


def dir_to_cases(folder: Path, with_xml: bool = False) -> list[Case]:
    gt_dir = folder / "gt"
    gt_files = sorted(gt_dir.glob("*.json")) if gt_dir.is_dir() else []
    if not gt_files:
        raise CorpusError(
            f"{folder} has no gt/*.json: an evaluation folder holds the documents and "
            "gt/<id>.json files naming them (the form of shared/corpus/public)"
        )
    cases = []
    for gt_file in gt_files:
        try:
            gt = json.loads(gt_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CorpusError(f"{gt_file} is not readable JSON: {exc}") from exc
        rel = gt.get("file") if with_xml else gt.get("file_noxml") or gt.get("file")
        if not rel:
            raise CorpusError(f"{gt_file} names no document (key 'file')")
        path = folder / rel
        if not path.is_file():
            raise CorpusError(f"{gt_file} names {rel}, which is not in {folder}")
        cases.append(Case(gt.get("id", gt_file.stem), folder.resolve().name, path, gt))
    return cases
