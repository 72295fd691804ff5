"""Line items across page breaks, wrapped descriptions, numbered rows without a position header,
values printed close together, and details lines that merely name columns."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.fields import pages_to_lines  # noqa: E402
from extractors.tables import lines_to_line_items  # noqa: E402

HEADER = ((40, "#"), (70, "Description"), (250, "HS"), (265, "Code"), (330, "Qty"), (380, "Unit"),
          (420, "Price"), (480, "Amount"))  # fmt: skip


def row(top: float, n: str, desc: str, hs: str, qty: str, price: str, total: str) -> list:
    return words_at(top, (45, n), (70, desc), (250, hs), (330, qty), (380, "pcs"), (420, price),
                    (475, total))  # fmt: skip


def values(items: list) -> list[dict]:
    return [{k: v.value for k, v in item.items()} for item in items]


def test_a_table_continues_after_a_repeated_header_on_the_next_page() -> None:
    page1 = page_of(
        words_at(300, *HEADER),
        row(315, "1", "Bolts", "73181590", "100", "0.50", "50.00"),
        row(330, "2", "Nuts", "73181690", "200", "0.20", "40.00"),
        words_at(360, (300, "Carried"), (340, "forward"), (475, "90.00")),
        words_at(800, (250, "Page"), (280, "1/2")),
    )
    page2 = page_of(
        words_at(40, (40, "ACME"), (80, "Ltd")),
        words_at(70, *HEADER),
        words_at(85, (40, "Brought"), (80, "forward"), (475, "90.00")),
        row(100, "3", "Washers", "73182200", "300", "0.10", "30.00"),
        words_at(130, (380, "Total"), (475, "120.00")),
        number=2,
    )
    items = lines_to_line_items(pages_to_lines([page1, page2]))
    assert [i["description"] for i in values(items)] == ["Bolts", "Nuts", "Washers"]
    assert items[2]["line_total"].page == 2
    assert values(items)[2]["hs_code"] == "73182200"


def test_a_wrapped_description_joins_its_row_and_a_row_number_is_not_description() -> None:
    header = [w for w in words_at(300, *HEADER) if w.text != "#"]
    page = page_of(
        header,
        words_at(
            315,
            (45, "1"),
            (70, "Cotton"),
            (105, "jersey"),
            (330, "1,380"),
            (380, "pcs"),
            (420, "10.75"),
            (475, "14,835.00"),
        ),  # fmt: skip
        words_at(326, (70, "pullover,"), (120, "knitted")),
        words_at(360, (380, "Total"), (475, "14,835.00")),
    )
    (item,) = values(lines_to_line_items(pages_to_lines([page])))
    assert item["description"] == "Cotton jersey pullover, knitted"
    assert item["quantity"] == "1380" and item["unit_code"] == "C62"


def test_values_printed_close_together_still_split_by_kind() -> None:
    header = ((40, "Pos."), (70, "Description"), (250, "Qty"), (290, "Unit"), (330, "Amount"),
              (380, "Origin"))  # fmt: skip
    page = page_of(
        words_at(300, *header),
        # "1.703,35 RS": amount and origin with one space between them (one cell).
        words_at(
            315,
            (45, "1"),
            (70, "Oranges"),
            (250, "1.793"),
            (280, "KGM"),
            (330, "1.703,35"),
            (376, "RS"),
        ),  # fmt: skip
    )
    (item,) = values(lines_to_line_items(pages_to_lines([page])))
    assert item["line_total"] == "1703.35" and item["origin_country"] == "RS"
    assert item["unit_code"] == "KGM" and item["quantity"] == "1793"


def test_a_details_line_naming_columns_is_not_a_table_header() -> None:
    page = page_of(
        words_at(
            200, (40, "Packages:"), (100, "12"), (200, "Gross"), (235, "weight:"), (280, "85,1")
        ),  # fmt: skip
        words_at(
            220,
            (40, "Description:"),
            (120, "Spare"),
            (150, "parts"),
            (300, "Amount:"),
            (350, "10.00"),
        ),  # fmt: skip
    )
    assert lines_to_line_items(pages_to_lines([page])) == []
