"""A totals row under a header of amount columns (total_rows): each amount takes the field that
heads its column, not the first amount the field's label sees."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.fields import lines_to_fields, pages_to_lines  # noqa: E402

HEADER = words_at(
    100, (300, "Montant"), (340, "EUR"), (360, "HT"), (400, "Montant"), (440, "TVA"),
    (480, "Montant"), (520, "EUR"), (540, "TTC"),
)  # fmt: skip


def fields_of(*lines):  # type: ignore[no-untyped-def]
    return lines_to_fields(pages_to_lines([page_of(*lines)]), "invoice")


def test_the_totals_row_reads_each_amount_by_its_column() -> None:
    f = fields_of(
        HEADER,
        words_at(115, (40, "Abonnements"), (320, "24.99"), (410, "5.00"), (500, "29.99")),
        words_at(130, (40, "Communications"), (320, "0.00"), (410, "0.00"), (500, "0.00")),
        words_at(
            145, (40, "Total"), (70, "facture"), (320, "24.99"), (410, "5.00"), (500, "29.99")
        ),  # fmt: skip
    )
    assert (f["net_amount"].value, f["tax_amount"].value) == ("24.99", "5.00")
    assert f["total_amount"].value == "29.99"
    assert f["total_amount"].bbox[0] == 500  # the amount under "Montant EUR TTC"


def test_a_total_label_with_one_amount_is_read_as_before() -> None:
    f = fields_of(HEADER, words_at(145, (40, "Total"), (70, "facture"), (500, "29.99")))
    assert f["total_amount"].value == "29.99"
    assert "net_amount" not in f


def test_a_row_with_words_among_its_amounts_is_no_totals_row() -> None:
    f = fields_of(
        HEADER,
        words_at(
            145, (40, "Total"), (70, "facture"), (320, "24.99"), (410, "see"), (500, "29.99")
        ),  # fmt: skip
    )
    assert "net_amount" not in f
