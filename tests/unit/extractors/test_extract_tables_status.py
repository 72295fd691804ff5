"""Line-item table reader and the status rule."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from clearway.models import FieldValue  # noqa: E402
from extractors.fields import pages_to_lines  # noqa: E402
from extractors.status import fields_to_status  # noqa: E402
from extractors.tables import lines_to_line_items  # noqa: E402


def test_simple_table_until_the_totals_line() -> None:
    page = page_of(
        words_at(
            300,
            (40, "Pos."),
            (70, "Description"),
            (250, "HS"),
            (265, "Code"),
            (340, "Qty"),
            (380, "Unit"),
            (420, "Price"),
            (480, "Amount"),
        ),
        words_at(
            315,
            (45, "1"),
            (70, "Cotton"),
            (105, "pullover"),
            (250, "611020"),
            (340, "1,380"),
            (380, "Stk"),
            (420, "10.75"),
            (475, "14,835.00"),
        ),
        words_at(
            330,
            (45, "2"),
            (70, "T-shirt"),
            (250, "61091000"),
            (340, "1,920"),
            (380, "pcs"),
            (425, "5.65"),
            (475, "10,848.00"),
        ),
        words_at(350, (380, "Total"), (475, "25,683.00")),
    )
    items = lines_to_line_items(pages_to_lines([page]))
    assert [{k: v.value for k, v in item.items()} for item in items] == [
        {
            "description": "Cotton pullover",
            "hs_code": "611020",
            "quantity": "1380",
            "unit_code": "C62",
            "unit_price": "10.75",
            "line_total": "14835.00",
        },
        {
            "description": "T-shirt",
            "hs_code": "61091000",
            "quantity": "1920",
            "unit_code": "C62",
            "unit_price": "5.65",
            "line_total": "10848.00",
        },
    ]
    assert items[0]["line_total"].bbox == (475, 315, 520, 325)


def fv(value: str, confidence: float = 0.95) -> FieldValue:
    return FieldValue(value=value, confidence=confidence)


def test_status_rules() -> None:
    full = {
        k: fv("x")
        for k in ("invoice_number", "issue_date", "seller_name", "total_amount", "currency")
    }
    assert fields_to_status("f", "invoice", full, 0.8) == ("extracted", ())
    status, errs = fields_to_status("f", "invoice", {**full, "currency": fv("EUR", 0.5)}, 0.8)
    assert status == "partial" and [e.code for e in errs] == ["CW303"]
    status, errs = fields_to_status("f", "invoice", {"invoice_number": fv("1")}, 0.8)
    assert status == "partial" and errs[0].code == "CW302" and "total_amount" in errs[0].message
    assert fields_to_status("f", "packing_list", {"invoice_refs": fv("A1")}, 0.8)[0] == "extracted"
    assert fields_to_status("f", "other", {}, 0.8)[1][0].code == "CW301"
