"""The issue's accuracy and speed targets, as data, checked against a summary.

Real documents (the public corpus, held-out sets) and generated ones (exact truth, synthetic
layouts) have different bars; a corpus counts as generated when all its ground truth says
``source: synthetic…``.
"""

from __future__ import annotations

from typing import Any

FILE_KIND_F1 = {
    False: {"text_pdf": 0.95, "image": 0.90, "scan": 0.90},
    True: {"text_pdf": 0.97, "image": 0.92, "scan": 0.92},
}
GENERATED_DOC_TYPE_ACCURACY = 0.98
GENERATED_LINE_ITEMS_F1 = 0.90
TRUSTED_SHARE_RIGHT = 0.98
TEXT_PAGES_PER_S = 20.0
OCR_PAGES_PER_S = 0.8


def check_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float | None, target: float) -> None:
        rows.append(
            {
                "target": name,
                "value": value,
                "bar": target,
                "met": value is not None and value >= target,
            }
        )

    for corpus, part in summary["by_corpus"].items():
        synthetic = part["synthetic"]
        for kind, figures in part["by_file_kind"].items():
            bar = FILE_KIND_F1[synthetic].get(kind)
            if bar is not None:
                add(f"{corpus}: {kind} micro F1", figures["micro"]["f1"], bar)
        if synthetic:
            add(
                f"{corpus}: document type accuracy",
                part["doc_type_accuracy"],
                GENERATED_DOC_TYPE_ACCURACY,
            )
            if part["line_items"]["tp"] + part["line_items"]["fn"]:
                add(f"{corpus}: line items F1", part["line_items"]["f1"], GENERATED_LINE_ITEMS_F1)
    cal = summary["calibration"]
    add(
        f"confidence >= {cal['threshold']}: share right",
        cal["trusted_share_right"],
        TRUSTED_SHARE_RIGHT,
    )
    sp = summary["speed"]
    if sp["text_pages"]:
        add("text pages per second per core", sp["text_pages_per_s"], TEXT_PAGES_PER_S)
    if sp["ocr_pages"]:
        add("OCR pages per second per core", sp["ocr_pages_per_s"], OCR_PAGES_PER_S)
    return rows
