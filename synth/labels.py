"""Label vocabularies, loaded from ``data/labels.yaml``: per language, per label key,
the wordings that layout variants cycle through.

Keys are the canonical field names of shared/spec/fields.md where a label names one
field, so that an extractor's label dictionary can be checked against this one.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import yaml

LABELS: dict[str, dict[str, list[str]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "labels.yaml").read_text(encoding="utf-8")
)


def label(lang: str, key: str, variant: int) -> str:
    """The wording for ``key``; a language without it falls back to English."""
    options = LABELS[lang].get(key) or LABELS["en"][key]
    return options[variant % len(options)]


def label_pick(lang: str, key: str, pick: int) -> str:
    """The wording the newer layouts use: ``pick`` is drawn per document, and each key
    is offset by a hash of its name so that one document mixes first, second and later
    wordings instead of taking the n-th synonym everywhere."""
    return label(lang, key, pick + zlib.crc32(key.encode()))


def has_label(lang: str, key: str) -> bool:
    return key in LABELS[lang] or key in LABELS["en"]
