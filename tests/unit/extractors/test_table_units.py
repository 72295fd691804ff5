"""Units a table does not print (table_units): named in the description, else counted (C62),
always marked as inferred; a table that prints units anywhere is left as read."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors import table_units  # noqa: E402
from extractors.fields import pages_to_lines  # noqa: E402
from extractors.tables import lines_to_line_items  # noqa: E402

HEADER = ((40, "Description"), (300, "Qty"), (360, "Price"), (430, "Amount"))


def items_of(*rows: tuple[tuple[float, str], ...]) -> list:
    lines = [words_at(300, *HEADER)]
    lines += [words_at(315 + 15 * i, *row) for i, row in enumerate(rows)]
    return lines_to_line_items(pages_to_lines([page_of(*lines)]))


def test_counted_goods_without_a_printed_unit_are_c62_with_the_quantitys_box() -> None:
    (item,) = items_of(((40, "Storch"), (300, "10"), (360, "20,00"), (430, "200,00")))
    unit = item["unit_code"]
    assert unit.value == "C62"
    assert unit.bbox == item["quantity"].bbox
    assert unit.extractor == table_units.VERSION
    assert unit.confidence < 0.9  # an inference goes to review, never straight through


def test_a_unit_named_in_the_description_wins_over_counting() -> None:
    items = items_of(
        ((40, "Design"), (90, "(hours)"), (300, "3"), (360, "80.00"), (430, "240.00")),
        (
            (40, "Heiße"),
            (80, "Luft"),
            (110, "pro"),
            (135, "Liter"),
            (300, "200"),
            (360, "0.10"),
            (430, "20.00"),
        ),  # fmt: skip
    )
    assert [i["unit_code"].value for i in items] == ["HUR", "LTR"]
    assert items[0]["unit_code"].raw == "(hours)"


def test_a_size_in_parentheses_is_not_a_unit() -> None:
    (item,) = items_of(((40, "T-shirt"), (90, "(M)"), (300, "4"), (360, "5.00"), (430, "20.00")))
    assert item["unit_code"].value == "C62"


def test_a_fractional_quantity_without_a_unit_is_not_guessed() -> None:
    (item,) = items_of(((40, "Cable"), (300, "6.5"), (360, "2.00"), (430, "13.00")))
    assert "unit_code" not in item


def test_a_table_that_prints_units_keeps_a_row_that_lost_its_unit_unguessed() -> None:
    header = ((40, "Description"), (250, "Qty"), (300, "Unit"), (360, "Price"), (430, "Amount"))
    rows = [
        words_at(315, (40, "Bolts"), (250, "100"), (300, "kg"), (360, "0.50"), (430, "50.00")),
        words_at(330, (40, "Nuts"), (250, "20"), (360, "1.00"), (430, "20.00")),
    ]
    items = lines_to_line_items(pages_to_lines([page_of(words_at(300, *header), *rows)]))
    assert items[0]["unit_code"].value == "KGM"
    assert "unit_code" not in items[1]
