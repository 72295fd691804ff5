"""Label finding on the layouts of real forms: numbered boxes, detail grids, space-grouped
numbers, party blocks beside other columns, letterheads, and the same rules at OCR pixel scale."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from clearway.models import Page, Word  # noqa: E402
from extractors import date_order, normalize  # noqa: E402
from extractors.fields import lines_to_fields, pages_to_lines  # noqa: E402


def fields_of(*lines, doc_type: str = "invoice", subtype: str | None = None):  # type: ignore[no-untyped-def]
    return lines_to_fields(pages_to_lines([page_of(*lines)]), doc_type, subtype)


def scaled(page: Page, factor: float) -> Page:
    """The page as a scan's pixel boxes: every coordinate times ``factor``."""
    words = tuple(
        Word(
            text=w.text,
            x0=w.x0 * factor,
            top=w.top * factor,
            x1=w.x1 * factor,
            bottom=w.bottom * factor,
            confidence=w.confidence,
        )
        for w in page.words
    )
    return page.model_copy(
        update={"words": words, "width": page.width * factor, "height": page.height * factor}
    )


FORM = (
    words_at(100, (40, "9"), (47, "Packages"), (200, "10"), (212, "Gross"), (242, "weight")),
    words_at(114, (40, "17"), (200, "15"), (213, "578,9")),
    words_at(130, (40, "11"), (52, "Invoice"), (92, "No."), (200, "12"), (212, "Vehicle")),
    words_at(144, (40, "INV-77"), (200, "BS"), (215, "048923")),
)


def test_numbered_form_boxes_and_space_grouped_numbers() -> None:
    f = fields_of(*FORM, doc_type="waybill")
    assert f["packages_count"].value == "17"  # not "10", the next box's number
    assert f["gross_weight_kg"].value == "15578.9"  # "15 578,9" is one number
    assert f["invoice_refs"].value == ["INV-77"]  # not ["INV-77", "12"]


def test_the_same_rules_read_ocr_pixel_boxes() -> None:
    """Distances are relative to the line height: a 300 dpi scan of the form reads the same."""
    page = page_of(*FORM)
    at_points = lines_to_fields(pages_to_lines([page]), "waybill")
    at_pixels = lines_to_fields(pages_to_lines([scaled(page, 300 / 72)]), "waybill")
    assert {k: v.value for k, v in at_pixels.items()} == {k: v.value for k, v in at_points.items()}


# A bilingual numbered form as OCR reads it: the "/" between a label and its translation lost,
# and the words set so wide apart that each is a cell of its own.
WIDE_FORM = (
    words_at(
        100,
        (40, "2"),
        (52, "Lieferant"),
        (112, "Seller"),
        (160, "Exporter"),
        (300, "4"),
        (312, "Datum"),
        (350, "Date"),
    ),  # fmt: skip
    words_at(114, (40, "Tiruppur"), (90, "Cotton"), (130, "Mills"), (300, "12.06.2026")),
    words_at(
        140,
        (40, "12"),
        (62, "Packstücke"),
        (130, "Total"),
        (170, "packages"),
        (230, "13"),
        (252, "Bruttogewicht"),
        (330, "Gross"),
        (362, "weight"),
    ),  # fmt: skip
    words_at(154, (40, "40"), (230, "876,7")),
)


def test_a_label_and_its_translation_are_one_label() -> None:
    f = fields_of(*WIDE_FORM)
    assert f["seller_name"].value == "Tiruppur Cotton Mills"  # not "Seller Exporter"


def test_a_row_of_numbered_boxes_is_told_by_its_rising_numbers() -> None:
    f = fields_of(*WIDE_FORM)
    assert f["packages_count"].value == "40"  # not "13", the next box's number
    assert f["gross_weight_kg"].value == "876.7"


def test_one_number_before_a_label_stays_the_value_before_it() -> None:
    f = fields_of(
        words_at(
            100, (40, "Packages"), (90, "13"), (130, "Gross"), (160, "weight"), (200, "876,7")
        ),  # fmt: skip
        doc_type="waybill",
    )
    assert f["packages_count"].value == "13"
    assert f["gross_weight_kg"].value == "876.7"


def test_detail_grid_row_is_not_a_table_header() -> None:
    f = fields_of(
        words_at(100, (40, "Packages"), (200, "Gross"), (230, "weight"), (400, "Freight")),
        words_at(114, (40, "90"), (200, "83.766,7"), (400, "FREIGHT"), (440, "PREPAID")),
        words_at(130, (40, "Invoice"), (80, "No."), (200, "HS"), (215, "codes")),
        words_at(144, (40, "AW2601071"), (200, "8207.70.10")),
        doc_type="waybill",
    )
    assert f["packages_count"].value == "90"
    assert f["gross_weight_kg"].value == "83766.7"
    assert f["freight_terms"].value == "prepaid"  # the value repeats its label's word


def test_values_under_a_table_header_are_line_items_not_totals() -> None:
    f = fields_of(
        words_at(100, (40, "Qty"), (100, "Description"), (300, "Gross"), (330, "weight")),
        words_at(114, (40, "2"), (100, "Bolts"), (300, "12,5")),
        words_at(128, (40, "4"), (100, "Nuts"), (300, "7,0")),
        doc_type="packing_list",
    )
    assert "gross_weight_kg" not in f


def test_party_block_beside_another_column_keeps_its_address() -> None:
    f = fields_of(
        words_at(100, (40, "Importer"), (300, "Currency")),
        words_at(112, (40, "Alpen"), (70, "Handels"), (112, "GmbH")),
        words_at(118, (300, "EUR")),
        words_at(124, (40, "Kemalpasa"), (92, "Cad."), (115, "No:"), (133, "118")),
        words_at(136, (40, "1210"), (64, "Wien")),
        words_at(148, (40, "Austria")),
        words_at(160, (40, "VAT"), (60, "No.:"), (85, "ATU12345678")),
    )
    assert f["buyer_name"].value == "Alpen Handels GmbH"
    assert f["buyer_address"].value == "Kemalpasa Cad. No: 118, 1210 Wien, Austria"
    assert f["buyer_country"].value == "AT"
    assert f["currency"].value == "EUR"


def test_address_right_of_its_label_goes_on_below() -> None:
    f = fields_of(
        words_at(100, (40, "Käufer")),
        words_at(118, (40, "Name:"), (260, "Liselotte"), (310, "Müller")),
        words_at(136, (40, "Anschrift:"), (260, "Rechnungsstraße"), (340, "12")),
        words_at(150, (260, "DE"), (275, "12345"), (305, "Beispielstadt")),
        words_at(176, (40, "Bemerkungen")),
    )
    assert f["buyer_address"].value == "Rechnungsstraße 12, DE 12345 Beispielstadt"


def test_letterhead_names_the_issuer_with_its_address() -> None:
    big = [
        Word(text=t, x0=x, top=40, x1=x + 12 * len(t), bottom=60)
        for x, t in ((40, "Hanbit"), (120, "Steel"), (190, "Co.,"), (240, "Ltd."))
    ]
    f = fields_of(
        big,
        words_at(64, (40, "77"), (55, "Chungjang-daero")),
        words_at(76, (40, "48939"), (70, "Busan")),
        words_at(88, (40, "South"), (70, "Korea")),
        words_at(160, (40, "Invoice"), (80, "No."), (200, "HS-1")),
        words_at(174, (40, "Total"), (200, "100.00")),
    )
    assert f["seller_name"].value == "Hanbit Steel Co., Ltd."
    assert f["seller_address"].value == "77 Chungjang-daero, 48939 Busan, South Korea"
    assert f["seller_country"].value == "KR"
    assert f["seller_name"].confidence < 0.9  # no label says so


def test_a_label_word_inside_a_letterhead_is_part_of_the_name() -> None:
    big = [
        Word(text=t, x0=x, top=40, x1=x + 12 * len(t), bottom=60)
        for x, t in ((360, "Midlands"), (460, "Freight"), (550, "Ltd"))
    ]
    f = fields_of(
        big,
        words_at(100, (56, "Internationaler"), (140, "Frachtbrief"), (200, "(CMR)")),
        words_at(120, (56, "Frachtbrief-Nr."), (140, "CMR-GB-2026-98731")),
        words_at(140, (56, "Absender"), (300, "Empfänger")),
        words_at(152, (56, "Pennine"), (100, "Tools"), (300, "Rheinstahl"), (360, "GmbH")),
        doc_type="waybill",
    )
    assert f["carrier_name"].value == "Midlands Freight Ltd"


def test_certificate_holder_is_its_exporter() -> None:
    lines = (
        words_at(100, (40, "Exporter")),
        words_at(112, (40, "Saigon"), (80, "Garment"), (125, "JSC")),
        words_at(124, (40, "45"), (55, "Nguyen"), (90, "Van"), (110, "Linh")),
        words_at(136, (40, "Vietnam")),
    )
    f = fields_of(*lines, doc_type="permit", subtype="certificate_of_origin")
    assert f["exporter_name"].value == "Saigon Garment JSC"
    assert f["holder_name"].value == "Saigon Garment JSC"
    assert f["holder_address"].value == "45 Nguyen Van Linh, Vietnam"
    assert f["holder_name"].confidence < f["exporter_name"].confidence
    assert "holder_name" not in fields_of(*lines, doc_type="permit", subtype=None)


def test_a_label_inside_an_address_is_weak_evidence() -> None:
    f = fields_of(
        words_at(100, (40, "Certificate"), (100, "No."), (300, "PC-TR-5783446")),
        words_at(114, (40, "Kemalpasa"), (92, "Cad."), (115, "No:"), (133, "118")),
        doc_type="permit",
    )
    assert f["permit_number"].value == "PC-TR-5783446"


def test_a_row_of_amounts_after_one_label_is_not_sure() -> None:
    f = fields_of(
        words_at(100, (40, "Total"), (70, "facture"), (300, "24.99"), (400, "5.00"), (500, "29.99"))
    )
    assert f["total_amount"].confidence < 0.9


def test_month_first_dates_follow_from_their_sequence() -> None:
    f = fields_of(
        words_at(100, (40, "Invoice"), (80, "Date"), (200, "05/03/2026")),
        words_at(114, (40, "Due"), (65, "Date"), (200, "06/02/2026")),
    )
    assert (f["issue_date"].value, f["due_date"].value) == ("2026-05-03", "2026-06-02")


def test_an_unambiguous_date_fixes_the_order_for_all() -> None:
    f = fields_of(
        words_at(100, (40, "Invoice"), (80, "Date"), (200, "05/03/2026")),
        words_at(114, (40, "Delivery"), (85, "date"), (200, "25/02/2026")),
    )
    assert f["issue_date"].value == "2026-03-05"
    assert f["issue_date"].confidence >= f["delivery_date"].confidence * 0.99


def test_undecided_dates_keep_day_first_and_lose_a_little_confidence() -> None:
    alone = fields_of(words_at(100, (40, "Invoice"), (80, "Date"), (200, "05/03/2026")))
    iso = fields_of(words_at(100, (40, "Invoice"), (80, "Date"), (200, "2026-03-05")))
    assert alone["issue_date"].value == "2026-03-05"
    assert alone["issue_date"].confidence < iso["issue_date"].confidence
    assert date_order.DECIDED_BY_SEQUENCE < 1 and date_order.UNDECIDED < 1


def test_dotted_dates_are_day_first_even_where_slashes_would_be_month_first() -> None:
    # Issued before it is due only month first, but a dotted date is never month first.
    f = fields_of(
        words_at(100, (40, "Invoice"), (80, "Date"), (200, "05.03.2026")),
        words_at(114, (40, "Due"), (65, "Date"), (200, "06.02.2026")),
    )
    assert (f["issue_date"].value, f["due_date"].value) == ("2026-03-05", "2026-02-06")


def test_a_us_seller_in_its_address_block_prints_month_first() -> None:
    # A packing list has no seller_country field: the address block names the country.
    lines = (
        words_at(60, (40, "Packing"), (80, "List"), (300, "Date:"), (360, "02/10/2026")),
        words_at(90, (40, "Shipper"), (300, "Consignee")),
        words_at(
            104,
            (40, "Cascade"),
            (80, "Outdoor"),
            (125, "Gear"),
            (150, "Inc."),
            (300, "Alpen"),
            (330, "Handels"),
            (370, "GmbH"),
        ),
        words_at(118, (40, "Seattle"), (80, "WA"), (95, "98101"), (300, "1210"), (325, "Wien")),
        words_at(132, (40, "United"), (75, "States"), (300, "Austria")),
    )
    f = fields_of(*lines, doc_type="packing_list")
    assert f["issue_date"].value == "2026-02-10"
    assert f["issue_date"].confidence < 0.9


def test_a_us_issuer_writing_french_prints_french_dates() -> None:
    lines = (
        words_at(
            60,
            (40, "Certificat"),
            (95, "d'origine"),
            (140, "n°"),
            (155, "US26CO1"),
            (200, "en"),
            (215, "date"),
            (240, "du"),
            (255, "08/02/2026"),
        ),
        words_at(80, (40, "Pays"), (65, "de"), (80, "délivrance:"), (200, "États-Unis")),
        words_at(
            94,
            (40, "Pays"),
            (65, "d'origine:"),
            (200, "États-Unis"),
            (300, "Destination:"),
            (370, "Autriche"),
        ),
        words_at(
            108,
            (40, "Désignation"),
            (100, "des"),
            (120, "marchandises:"),
            (200, "Pantalon"),
            (250, "en"),
            (265, "denim"),
            (300, "pour"),
            (325, "homme"),
        ),
    )
    f = fields_of(*lines, doc_type="permit")
    assert f["issuing_country"].value == "US"
    assert f["issue_date"].value == "2026-02-08"


def test_freight_terms_vocabulary() -> None:
    assert normalize.text_to_freight_terms("FRACHT BEZAHLT") == "prepaid"
    assert normalize.text_to_freight_terms("Portes debidos") == "collect"
    assert normalize.text_to_freight_terms("Unfrei") == "collect"
    assert normalize.text_to_freight_terms("Freight") is None


def test_an_ocr_courier_space_between_thousands_groups_keeps_the_number_whole() -> None:
    """OCR boxes are the ink (figures ~0.7 of the font): a Courier space between "10" and
    "245,82" is ~1.1 of that height, a space-grouped number still; in the text layer, where a
    word's box is the font's height, the same gap is more than a space."""

    def total_line(confidence: float) -> list[Word]:
        return [
            Word(text=t, x0=x, top=100, x1=x1, bottom=113, confidence=confidence)
            for t, x, x1 in (("Total", 40, 80), ("10", 200, 220), ("245,82", 234, 300))
        ]

    ocr = lines_to_fields(pages_to_lines([page_of(total_line(0.96), source="ocr")]), "invoice")
    assert ocr["total_amount"].value == "10245.82"
    text = lines_to_fields(pages_to_lines([page_of(total_line(1.0))]), "invoice")
    assert text["total_amount"].value != "10245.82"  # two numbers a column apart


def test_a_title_word_before_a_label_with_a_colon_stays_apart() -> None:
    f = fields_of(
        words_at(
            100,
            (40, "COMMERCIAL"),
            (100, "INVOICE"),
            (300, "Invoice"),
            (340, "No.:"),
            (370, "SGE/26/8290"),
        ),  # fmt: skip
        words_at(114, (300, "Invoice"), (340, "Date:"), (380, "01.06.2026")),
    )
    assert f["invoice_number"].value == "SGE/26/8290"
    assert f["invoice_number"].confidence >= 0.8  # read after its own label, as before
