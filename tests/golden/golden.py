"""Golden cases (cases.yaml): generate each case's document with the synth generator, extract
it, and compare the header fields with the reviewed expected file (expected/<name>.json)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
EXPECTED = HERE / "expected"


@functools.cache
def cases() -> dict[str, Any]:
    return yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))


def case_names() -> list[str]:
    return [c["name"] for c in cases()["cases"]]


def expected_path(name: str) -> Path:
    return EXPECTED / f"{name}.json"


@functools.cache
def generated(doc_id: str) -> tuple[bytes, dict[str, Any]]:
    """(PDF bytes, generator ground truth) of one document of the cases' seed."""
    from synth.plan import plan_corpus
    from synth.truth import documents, ground_truth

    seed = cases()["seed"]
    index = int(doc_id.split("_")[1])
    shipment = plan_corpus(seed, index + 1)[index].shipment
    for doc in documents(shipment):
        if doc.id == doc_id:
            return doc.data(), ground_truth(shipment, doc)
    raise LookupError(f"seed {seed} makes no document {doc_id}")


def extracted(name: str) -> dict[str, Any]:
    """What the pipeline reads from the case's document: type and header field values."""
    from clearway.settings import load_settings
    from extractors.document import extract_bytes

    doc_id = next(c["doc"] for c in cases()["cases"] if c["name"] == name)
    data, _ = generated(doc_id)
    extraction = extract_bytes(data, f"{doc_id}.pdf", load_settings())
    return {
        "doc": doc_id,
        "doc_type": extraction.doc_type,
        "fields": {k: fv.value for k, fv in extraction.fields.items()},
    }


def ground_truth_of(name: str) -> dict[str, Any]:
    doc_id = next(c["doc"] for c in cases()["cases"] if c["name"] == name)
    return generated(doc_id)[1]


def read_expected(name: str) -> dict[str, Any] | None:
    path = expected_path(name)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
