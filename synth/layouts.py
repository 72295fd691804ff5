"""Layout parameters as data: each document kind cycles through these variants.

Variant 0 "blocks": labels left of values ("Label: value"), unboxed party blocks.
Variant 1 "grid": boxed cells with a small label above the value, like pre-printed forms.
"""

from __future__ import annotations

from typing import Any

LAYOUTS: list[dict[str, Any]] = [
    {
        "name": "blocks",
        "title_font": ("Helvetica-Bold", 16),
        "title_align": "left",
        "label_font": ("Helvetica-Bold", 8.5),
        "value_font": ("Helvetica", 9),
        "boxed": False,
        "detail_columns": 2,
        "table_grid": False,
        "margin": 40,
    },
    {
        "name": "grid",
        "title_font": ("Helvetica-Bold", 13),
        "title_align": "center",
        "label_font": ("Helvetica", 6.5),
        "value_font": ("Helvetica", 9),
        "boxed": True,
        "detail_columns": 3,
        "table_grid": True,
        "margin": 34,
    },
]


def layout_for(variant: int) -> dict[str, Any]:
    return LAYOUTS[variant % len(LAYOUTS)]
