"""Totals the page implies but does not print (derived_totals): total = net + tax, amount due =
total where no prepayment is mentioned, each marked ``derived`` with a lower confidence."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors import derived_totals  # noqa: E402
from extractors.fields import lines_to_fields, pages_to_lines  # noqa: E402


def invoice(*rows: tuple[tuple[float, str], ...]):  # type: ignore[no-untyped-def]
    lines = [words_at(100 + 15 * i, *row) for i, row in enumerate(rows)]
    return lines_to_fields(pages_to_lines([page_of(*lines)]), "invoice")


NET = ((300, "Net"), (320, "total:"), (450, "496.00"))
TAX = ((300, "VAT"), (320, "total:"), (450, "75.04"))


def test_the_total_is_net_plus_tax_and_the_due_amount_follows_it() -> None:
    f = invoice(NET, TAX)
    assert f["total_amount"].value == "571.04"
    assert f["total_amount"].source == "derived"
    assert f["total_amount"].extractor == derived_totals.VERSION
    inputs = min(f["net_amount"].confidence, f["tax_amount"].confidence)
    assert f["total_amount"].confidence < inputs
    assert f["amount_due"].value == "571.04"
    assert f["amount_due"].confidence < f["total_amount"].confidence


def test_a_printed_due_amount_gives_the_total_and_keeps_its_own_source() -> None:
    f = invoice(((300, "Due"), (320, "payable:"), (450, "571.04")))
    assert f["amount_due"].source == "text"
    assert f["total_amount"].value == "571.04"
    assert f["total_amount"].source == "derived"


def test_a_prepayment_on_the_page_stops_the_due_amount_from_being_assumed() -> None:
    f = invoice(
        ((300, "Total:"), (450, "1,000.00")),
        ((300, "Anzahlung"), (380, "erhalten"), (450, "200,00")),
    )
    assert f["total_amount"].value == "1000.00"
    assert "amount_due" not in f


def test_printed_totals_are_left_as_read() -> None:
    f = invoice(NET, TAX, ((300, "Total:"), (450, "570.00")), ((300, "Amount"), (340, "due:"),
                (450, "100.00")))  # fmt: skip
    assert (f["total_amount"].value, f["total_amount"].source) == ("570.00", "text")
    assert (f["amount_due"].value, f["amount_due"].source) == ("100.00", "text")
