"""Line items, tables.v3: headers the vocabulary only partly knows, headers printed over several
lines, tables that run on to the next page without repeating the header, codes printed before
the description, and the quantity x unit price = line total check."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.fields import pages_to_lines  # noqa: E402
from extractors.table_header_band import header_at  # noqa: E402
from extractors.tables import lines_to_line_items  # noqa: E402


def values(items: list) -> list[dict]:
    return [{k: v.value for k, v in item.items()} for item in items]


def items_of(*pages) -> list:
    return lines_to_line_items(pages_to_lines(list(pages)))


def test_an_unknown_header_keeps_its_values_out_of_the_description() -> None:
    # "Lot" is no column we know: its values are neither description nor quantity.
    header = words_at(300, (40, "Lot"), (100, "Description"), (300, "Qty"), (360, "Price"),
                      (430, "Amount"))  # fmt: skip
    row = words_at(315, (40, "L-2231"), (100, "Steel"), (135, "bolts"), (300, "100"),
                   (360, "0.50"), (430, "50.00"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item == {
        "description": "Steel bolts",
        "quantity": "100",
        "unit_code": "C62",  # no unit printed: counted (table_units)
        "unit_price": "0.50",
        "line_total": "50.00",
    }


def test_an_unknown_header_over_hs_codes_is_the_hs_column() -> None:
    header = words_at(300, (40, "Description"), (200, "Tarifpos"), (300, "Qty"), (360, "Price"),
                      (430, "Amount"))  # fmt: skip
    rows = [
        words_at(
            315,
            (40, "Laptops"),
            (200, "8471.30.00"),
            (300, "2"),
            (360, "500.00"),
            (430, "1,000.00"),
        ),  # fmt: skip
        words_at(
            330, (40, "Mice"), (200, "8471.60.70"), (300, "10"), (360, "5.00"), (430, "50.00")
        ),  # fmt: skip
    ]
    items = values(items_of(page_of(header, *rows)))
    assert [i["hs_code"] for i in items] == ["84713000", "84716070"]
    assert [i["description"] for i in items] == ["Laptops", "Mice"]


def test_an_abbreviated_header_word_reads_as_the_word() -> None:
    header = words_at(300, (40, "Bezeichnung"), (250, "Menge"), (320, "Nettogew."),
                      (400, "Bruttogew."))  # fmt: skip
    row = words_at(315, (40, "Jeans"), (250, "80"), (320, "44,0"), (400, "51,3"))
    (item,) = values(items_of(page_of(header, row)))
    assert item["net_weight_kg"] == "44.0" and item["gross_weight_kg"] == "51.3"


def test_header_labels_stacked_and_wrapped_over_lines() -> None:
    # "Positions- / betrag" above the header line; "Partida / arancelaria" wraps below it.
    page = page_of(
        words_at(288, (480, "Positions-")),
        words_at(299, (480, "betrag")),
        words_at(
            310, (40, "Pos"), (70, "Beschreibung"), (200, "Partida"), (300, "Menge"), (380, "Preis")
        ),  # fmt: skip
        words_at(321, (200, "arancelaria")),
        words_at(
            340,
            (40, "1"),
            (70, "Bolzen"),
            (200, "7318.15.90"),
            (300, "10"),
            (380, "2,00"),
            (480, "20,00"),
        ),  # fmt: skip
    )
    (item,) = values(items_of(page))
    assert item == {
        "description": "Bolzen",
        "hs_code": "73181590",
        "quantity": "10",
        "unit_code": "C62",
        "unit_price": "2.00",
        "line_total": "20.00",
    }


HEADER = ((40, "Pos"), (70, "Description"), (300, "Qty"), (360, "Price"), (430, "Amount"))


def test_a_wrapped_label_after_a_wide_space_in_one_header_cell() -> None:
    # "Commodity code  Country of" is one cell, the second label a little higher; "origin"
    # under "Country of" completes that label, not the code's.
    commodity = [
        w.model_copy(update={"top": 311.0, "bottom": 321.0})
        for w in words_at(0, (200, "Commodity"), (247, "code"))
    ]
    page = page_of(
        words_at(
            310,
            (40, "Line"),
            (70, "Description"),
            (275, "Country"),
            (312, "of"),
            (380, "Qty."),
            (440, "Total"),
        )
        + commodity,  # fmt: skip
        words_at(321, (278, "origin")),
        words_at(
            340,
            (40, "1"),
            (70, "Lathe"),
            (200, "84581120"),
            (278, "CH"),
            (380, "4"),
            (440, "148.24"),
        ),  # fmt: skip
    )
    columns, last = header_at(pages_to_lines([page]), 0)
    assert last == 1
    assert [c.name for c in columns] == [
        "position",
        "description",
        "hs_code",
        "origin_country",
        "quantity",
        "line_total",
    ]
    assert columns[2].x1 < columns[3].x0  # the code's label ends before "Country of origin"
    (item,) = values(items_of(page))
    assert item["hs_code"] == "84581120"
    assert item["origin_country"] == "CH"


def test_a_table_goes_on_at_the_top_of_the_next_page_without_its_header() -> None:
    page1 = page_of(
        words_at(300, *HEADER),
        words_at(315, (40, "1"), (70, "Bolts"), (300, "100"), (360, "0.50"), (430, "50.00")),
        words_at(800, (250, "Page"), (280, "1/2")),
    )
    page2 = page_of(
        words_at(40, (40, "ACME"), (80, "Ltd")),
        words_at(60, (40, "2"), (70, "Nuts"), (300, "200"), (360, "0.20"), (430, "40.00")),
        words_at(90, (300, "Total"), (430, "90.00")),
        words_at(200, (40, "VAT"), (70, "19%"), (300, "1"), (360, "17.10"), (430, "17.10")),
        number=2,
    )
    items = values(items_of(page1, page2))
    assert [i["description"] for i in items] == ["Bolts", "Nuts"]


def test_a_table_ending_on_its_page_does_not_take_the_next_pages_rows() -> None:
    page1 = page_of(
        words_at(300, *HEADER),
        words_at(315, (40, "1"), (70, "Bolts"), (300, "100"), (360, "0.50"), (430, "50.00")),
        words_at(340, (300, "Total"), (430, "50.00")),
    )
    page2 = page_of(
        words_at(60, (40, "2"), (70, "Nuts"), (300, "200"), (360, "0.20"), (430, "40.00")),
        number=2,
    )
    assert [i["description"] for i in values(items_of(page1, page2))] == ["Bolts"]


def test_package_and_article_codes_before_the_description_are_not_description() -> None:
    # "Cartons" and the description share one header cell; so do "3 CT" and the goods.
    header = words_at(300, (40, "Cartons"), (85, "Description"), (300, "Qty"), (360, "Net"),
                      (365 + 20, "kg"), (430, "Gross"), (460, "kg"))  # fmt: skip
    row = words_at(315, (45, "3"), (55, "CT"), (85, "Fresh"), (115, "oranges"),
                   (150, "(KWB"), (175, "8727)"), (300, "2,667"), (360, "2,667.0"),
                   (430, "3,026.4"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["description"] == "Fresh oranges (KWB 8727)"
    assert item["quantity"] == "2667" and item["gross_weight_kg"] == "3026.4"


def test_a_number_inside_the_description_stays_there() -> None:
    header = words_at(300, (40, "Description"), (230, "Qty"), (290, "Unit"), (340, "Net"),
                      (400, "Gross"))  # fmt: skip
    # "(B2063-48)" reaches under the quantity header but is no quantity.
    row = words_at(315, (40, "Steel"), (70, "sheet"), (100, "1.0"), (120, "mm"),
                   (135, "(B2063-48)"), (245, "4957"), (270, "kg"), (340, "4957.0"),
                   (400, "5149.7"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["description"] == "Steel sheet 1.0 mm (B2063-48)"
    assert item["quantity"] == "4957" and item["unit_code"] == "KGM"


# ---------------------------------------------------------------- checks and OCR repairs

PRICED = ((40, "Description"), (200, "HS"), (215, "Code"), (280, "Origin"), (330, "Qty"),
          (380, "Price"), (440, "Amount"))  # fmt: skip


def priced_row(hs: str, origin: str, qty: str, price: str, total: str, conf: float = 1.0):
    return words_at(315, (40, "Bolts"), (200, hs), (280, origin), (330, qty), (380, price),
                    (440, total), confidence=conf)  # fmt: skip


def test_quantity_times_price_confirming_the_total_raises_confidence() -> None:
    (item,) = items_of(
        page_of(words_at(300, *PRICED), priced_row("73181590", "DE", "3", "12.50", "37.50"))
    )
    assert all(item[k].confidence >= 0.97 for k in ("quantity", "unit_price", "line_total"))
    assert item["hs_code"].confidence < 0.9  # not part of the check


def test_a_total_the_product_contradicts_lowers_confidence() -> None:
    (item,) = items_of(
        page_of(words_at(300, *PRICED), priced_row("73181590", "DE", "3", "12.50", "40.00"))
    )
    assert item["line_total"].value == "40.00"  # a text layer is not repaired
    assert all(item[k].confidence < 0.7 for k in ("quantity", "unit_price", "line_total"))


def ocr_items(*lines) -> list:
    return items_of(page_of(*lines, source="ocr"))


def test_ocr_confusables_are_repaired_as_the_column_says() -> None:
    # HS codes are digits ("O" -> "0"), origins letters ("0" -> "O"): "C0" is Colombia.
    header = words_at(300, *PRICED, confidence=0.95)
    (item,) = ocr_items(header, priced_row("7318.I5.9O", "C0", "3", "12.50", "37.50", 0.9))
    assert item["hs_code"].value == "73181590" and item["origin_country"].value == "CO"
    clean = ocr_items(header, priced_row("7318.15.90", "CO", "3", "12.50", "37.50", 0.9))[0]
    assert item["hs_code"].confidence < clean["hs_code"].confidence
    assert item["origin_country"].confidence < clean["origin_country"].confidence


def test_an_ocr_slip_that_breaks_the_product_is_set_to_what_the_others_imply() -> None:
    # 3 x 12.50 = 37.50: the total read "87.50" (8 for 3) is the odd one out.
    header = words_at(300, *PRICED, confidence=0.95)
    (item,) = ocr_items(header, priced_row("73181590", "DE", "3", "12.50", "87.50", 0.9))
    assert item["line_total"].value == "37.50"
    assert item["line_total"].confidence < item["quantity"].confidence


def test_an_ocr_slip_a_rounded_price_would_excuse_is_still_repaired() -> None:
    # 1552 x 1.53 = 2374.56; "2374.86" lies within half a cent a unit of it (a price printed
    # rounded could explain that much), but one 5/8 slip makes the product exact.
    header = words_at(300, *PRICED, confidence=0.95)
    (item,) = ocr_items(header, priced_row("08061010", "RS", "1552", "1.53", "2374.86", 0.9))
    assert item["line_total"].value == "2374.56"


def test_an_ocr_product_that_holds_only_within_rounding_confirms_nothing() -> None:
    # 7 x 1.33 = 9.31, printed 9.33 (the price rounded from 1.3333): neither confirmed nor
    # contradicted, where an exact product is confirmed.
    header = words_at(300, *PRICED, confidence=0.95)
    (rounded,) = ocr_items(header, priced_row("73181590", "DE", "7", "1.33", "9.33", 0.9))
    (exact,) = ocr_items(header, priced_row("73181590", "DE", "7", "1.33", "9.31", 0.9))
    assert rounded["line_total"].value == "9.33"
    assert rounded["line_total"].confidence < 0.9 <= exact["line_total"].confidence
    assert rounded["quantity"].confidence > 0.7


def test_a_numbered_row_whose_figures_are_printed_on_its_last_line() -> None:
    page = page_of(
        words_at(300, *HEADER),
        words_at(315, (40, "1"), (70, "Cotton"), (105, "jersey")),
        words_at(326, (70, "pullover"), (300, "10"), (360, "5.00"), (430, "50.00")),
        words_at(341, (40, "2"), (70, "Socks"), (300, "20"), (360, "1.00"), (430, "20.00")),
        words_at(352, (70, "wool")),
    )
    assert [i["description"] for i in values(items_of(page))] == [
        "Cotton jersey pullover",
        "Socks wool",
    ]


def test_the_tables_decimal_mark_settles_a_three_decimal_figure() -> None:
    header = words_at(300, (40, "Description"), (230, "Qty"), (290, "Unit"), (340, "Price"),
                      (420, "Amount"))  # fmt: skip
    english = page_of(
        header,
        words_at(
            315, (40, "Copper"), (230, "1.250"), (290, "kg"), (340, "8.00"), (420, "10.00")
        ),  # fmt: skip
    )
    german = page_of(
        header,
        words_at(
            315, (40, "Kupfer"), (230, "1.250"), (290, "kg"), (340, "8,00"), (420, "10.000,00")
        ),  # fmt: skip
    )
    assert values(items_of(english))[0]["quantity"] == "1.250"
    assert values(items_of(german))[0]["quantity"] == "1250"


def test_a_wide_space_inside_a_header_cell_parts_two_labels() -> None:
    # "Commodity code" and "Code article" overlap on "code"; the wider space says which.
    header = [
        *words_at(300, (40, "No."), (80, "Commodity"), (127, "code"), (155, "Article")),
        *words_at(300, (330, "Qty."), (380, "Price"), (440, "Amount")),
    ]
    row = words_at(315, (40, "1"), (80, "0806.10.10"), (155, "Grapes"), (330, "2,347"),
                   (380, "1.62"), (440, "3,802.14"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["hs_code"] == "08061010" and item["description"] == "Grapes"


def test_a_figure_between_two_headers_stays_in_its_cell() -> None:
    # "2.5" lies nearer the quantity header than the description's, but under neither.
    header = words_at(300, (40, "Description"), (250, "Quantity"), (330, "Net"), (400, "Gross"))
    row = words_at(315, (40, "Hot-rolled"), (95, "steel"), (125, "coil,"), (155, "grade"),
                   (185, "2.5"), (205, "mm"), (255, "98,996"), (330, "98,996.0"),
                   (400, "107,050.7"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["description"] == "Hot-rolled steel coil, grade 2.5 mm"
    assert item["quantity"] == "98996"


def test_a_net_weight_above_the_gross_weight_is_trusted_less() -> None:
    header = words_at(300, (40, "Description"), (250, "Qty"), (330, "Net"), (400, "Gross"))
    fine = words_at(315, (40, "Jeans"), (250, "80"), (330, "44.0"), (400, "51.3"))
    swapped = words_at(330, (40, "Shirts"), (250, "40"), (330, "51.3"), (400, "44.0"))
    ok, odd = items_of(page_of(header, fine, swapped))
    assert odd["net_weight_kg"].confidence < ok["net_weight_kg"].confidence
    assert odd["gross_weight_kg"].confidence < ok["gross_weight_kg"].confidence


def test_a_description_column_under_a_new_label_is_found_by_its_prose() -> None:
    header = words_at(300, (40, "Pos"), (70, "Gegenstand"), (200, "HS"), (300, "Qty"),
                      (360, "Price"), (430, "Amount"))  # fmt: skip
    row = words_at(315, (40, "1"), (70, "Steel"), (105, "bolts"), (200, "73181590"),
                   (300, "100"), (360, "0.50"), (430, "50.00"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["description"] == "Steel bolts" and item["hs_code"] == "73181590"


def test_a_misread_description_label_is_named_on_its_own_page_when_the_next_page_reads_it() -> None:
    # OCR read page 1's "Warenbezeichnung" as "Warenhaseichnung" and page 2's header right:
    # page 2 naming its description column must not keep page 1 from naming its own.
    def page(number: int, label: str, goods: str) -> object:
        header = words_at(300, (40, label), (200, "HS"), (300, "Menge"), (360, "Preis"),
                          (430, "Betrag"))  # fmt: skip
        row = words_at(315, (40, goods), (200, "61091000"), (300, "10"), (360, "5,00"),
                       (430, "50,00"))  # fmt: skip
        return page_of(header, row, number=number)

    items = values(
        items_of(page(1, "Warenhaseichnung", "Pullover"), page(2, "Warenbezeichnung", "Jeanshose"))
    )
    assert [i.get("description") for i in items] == ["Pullover", "Jeanshose"]


def test_a_position_label_ocr_read_as_a_figure_does_not_hide_the_header() -> None:
    # "N.°" came back "N.2": a header line otherwise has no digits.
    header = words_at(300, (40, "N.2"), (70, "Descripción"), (300, "Cantidad"),
                      (360, "Precio"), (430, "Importe"))  # fmt: skip
    row = words_at(315, (40, "1"), (70, "Naranjas"), (300, "100"), (360, "0,50"),
                   (430, "50,00"))  # fmt: skip
    (item,) = values(items_of(page_of(header, row)))
    assert item["description"] == "Naranjas" and item["line_total"] == "50.00"


def test_a_quantity_set_under_the_unit_header_is_the_quantity() -> None:
    # "Qty" OCR'd as "ty" (no label): its figures fall to the unit column beside it.
    header = words_at(300, (40, "Description"), (210, "ty"), (223, "Unit"), (300, "Net"),
                      (320, "kg"), (380, "Gross"), (410, "kg"))  # fmt: skip
    row = words_at(315, (40, "Drills"), (212, "20"), (228, "C62"), (300, "38.0"), (380, "43.0"))
    (item,) = values(items_of(page_of(header, row)))
    assert item["quantity"] == "20" and item["unit_code"] == "C62"
    assert item["net_weight_kg"] == "38.0"


def test_a_package_code_ocr_read_in_lower_case_stays_out_of_the_description() -> None:
    # "2 CO" read "2 co", set one space before the goods: "co" is no word of the description.
    header = words_at(300, (40, "Cartons"), (90, "Article"), (300, "Qty"), (360, "Net"),
                      (430, "Gross"), confidence=0.9)  # fmt: skip
    row = words_at(315, (58, "2"), (65, "co"), (79, "Steel"), (108, "coil"), (300, "100"),
                   (360, "98.0"), (430, "99.5"), confidence=0.9)  # fmt: skip
    (item,) = values(ocr_items(header, row))
    assert item["description"] == "Steel coil"


def test_goods_under_a_header_cell_ocr_lost_are_still_the_description() -> None:
    # "Warenbezeichnung" came back as nothing: the goods sit between "Art.-Nr." and "HS"
    # under no label, and are a column of their own, named by its prose.
    header = words_at(300, (40, "Colli"), (90, "Art.-Nr."), (300, "HS"), (360, "Menge"),
                      (420, "Brutto"), (480, "Netto"), confidence=0.9)  # fmt: skip
    rows = [
        words_at(
            315 + 15 * i,
            (40, "4"),
            (50, "CT"),
            (90, code),
            (160, goods),
            (300, hs),
            (360, "240"),
            (420, "94,7"),
            (480, "84,0"),
            confidence=0.9,
        )  # fmt: skip
        for i, (code, goods, hs) in enumerate(
            [
                ("LJ-441", "Pullover", "611020"),
                ("FL-459", "Jeanshose", "620342"),
                ("LF-106", "Pullover", "611020"),
            ]  # fmt: skip
        )
    ]
    items = values(ocr_items(header, *rows))
    assert [i.get("description") for i in items] == ["Pullover", "Jeanshose", "Pullover"]
    assert [i["hs_code"] for i in items] == ["611020", "620342", "611020"]


def test_a_speck_read_as_one_unsure_figure_does_not_hide_the_header() -> None:
    # Scan noise amid the header came back "5," at 0.54; the goods label read "Artfculo".
    header = words_at(300, (40, "Artfculo", 0.9), (150, "5,", 0.54), (200, "SA", 0.9),
                      (300, "Cant.", 0.9), (360, "P.", 0.9), (372, "bruto", 0.9),
                      (430, "P.", 0.9), (442, "neto", 0.9))  # fmt: skip
    row = words_at(315, (40, "Jersey", 0.9), (75, "de", 0.9), (90, "punto", 0.9),
                   (200, "6110.20", 0.9), (300, "60", 0.9), (360, "22,8", 0.9),
                   (430, "21,0", 0.9))  # fmt: skip
    (item,) = values(ocr_items(header, row))
    assert item["description"] == "Jersey de punto" and item["hs_code"] == "611020"
    assert item["gross_weight_kg"] == "22.8" and item["net_weight_kg"] == "21.0"


def test_a_sure_figure_on_a_line_naming_columns_still_makes_it_no_header() -> None:
    header = words_at(300, (40, "Artículo", 0.9), (150, "5", 0.9), (200, "SA", 0.9),
                      (300, "Cant.", 0.9), (360, "P.", 0.9), (372, "bruto", 0.9),
                      (430, "P.", 0.9), (442, "neto", 0.9))  # fmt: skip
    row = words_at(315, (40, "Jersey", 0.9), (200, "6110.20", 0.9), (300, "60", 0.9),
                   (360, "22,8", 0.9), (430, "21,0", 0.9))  # fmt: skip
    assert ocr_items(header, row) == []


def test_a_header_word_ocr_read_one_letter_off_still_names_its_column() -> None:
    # "Código SA" read "Cédigo SA": without "código" the HS codes fell to an unknown column.
    header = words_at(300, (40, "Articulo"), (200, "Cédigo"), (233, "SA"), (300, "Cant."),
                      (360, "P."), (372, "neto"), confidence=0.9)  # fmt: skip
    row = words_at(315, (40, "Jersey"), (200, "6110.20"), (300, "60"), (360, "21,0"),
                   confidence=0.9)  # fmt: skip
    (item,) = values(ocr_items(header, row))
    assert item["hs_code"] == "611020" and item["description"] == "Jersey"


def test_only_long_words_one_letter_off_a_single_header_word_are_read_as_it() -> None:
    from extractors.table_words import one_letter_off

    assert one_letter_off("artfculo") == "articulo"
    assert one_letter_off("cedigo") == "codigo"
    assert one_letter_off("price") == "price"  # a header word as it is
    assert one_letter_off("brick") == "brick"  # too short to forgive a letter
    assert one_letter_off("banana") == "banana"  # nothing one letter off


def test_a_price_and_a_total_whose_decimal_mark_ocr_lost_are_read_where_the_product_puts_it():
    # "0.92" read "092", "1749.15" read "1749 15": digits the row's product places exactly.
    header = words_at(300, *PRICED, confidence=0.9)
    (priced,) = values(
        ocr_items(header, priced_row("08051022", "RS", "2646", "092", "2434.32", 0.9))
    )
    assert priced["unit_price"] == "0.92" and priced["line_total"] == "2434.32"
    total = words_at(315, (40, "Bolts"), (200, "08051022"), (280, "RS"), (330, "2691"),
                     (380, "0.65"), (440, "1749"), (462, "15"), confidence=0.9)  # fmt: skip
    (item,) = values(ocr_items(header, total))
    assert item["line_total"] == "1749.15"


def test_digits_no_decimal_place_makes_agree_stay_unread() -> None:
    header = words_at(300, *PRICED, confidence=0.9)
    (item,) = values(ocr_items(header, priced_row("08051022", "RS", "772", "201", "1881.72", 0.9)))
    assert "unit_price" not in item  # 772 x 2.01 = 1551.72: the total is misread too
    printed = priced_row("08051022", "RS", "2646", "092", "2434.32")
    (text,) = values(items_of(page_of(words_at(300, *PRICED), printed)))
    assert "unit_price" not in text  # a text layer prints what it means


def test_an_article_code_under_the_description_is_not_part_of_it() -> None:
    page = page_of(
        words_at(
            300, (40, "Pos"), (70, "Beschreibung"), (300, "Menge"), (380, "Preis"), (460, "Betrag")
        ),  # fmt: skip
        words_at(
            315,
            (40, "1"),
            (70, "Trennblätter"),
            (135, "A4"),
            (300, "20"),
            (380, "9,90"),
            (460, "198,00"),
        ),  # fmt: skip
        words_at(327, (70, "GTIN:"), (100, "4012345001235")),
        words_at(
            345,
            (40, "2"),
            (70, "Joghurt"),
            (110, "Banane"),
            (300, "50"),
            (380, "5,50"),
            (460, "275,00"),
        ),  # fmt: skip
        words_at(357, (70, "Sorte"), (100, "mild,"), (130, "cremig")),
    )
    assert [i["description"] for i in values(items_of(page))] == [
        "Trennblätter A4",
        "Joghurt Banane Sorte mild, cremig",
    ]
