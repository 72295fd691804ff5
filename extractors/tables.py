"""Line items: a basic table reader for invoices and packing lists (placeholder until filled in)."""

from __future__ import annotations

from clearway.models import FieldValue
from extractors.layout import Line


def lines_to_line_items(lines: list[Line]) -> list[dict[str, FieldValue]]:
    return []
