"""Label vocabularies, loaded from ``data/labels.yaml``: per language, per label key,
the wordings that layout variants cycle through.

Keys are the canonical field names of shared/spec/fields.md where a label names one
field, so that an extractor's label dictionary can be checked against this one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

LABELS: dict[str, dict[str, list[str]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "labels.yaml").read_text(encoding="utf-8")
)


def label(lang: str, key: str, variant: int) -> str:
    """The wording for ``key``; a language without it falls back to English."""
    options = LABELS[lang].get(key) or LABELS["en"][key]
    return options[variant % len(options)]
