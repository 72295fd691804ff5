"""Label and pattern finders on hand-built word lists (no PDF, no OCR)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from wordbuild import page_of, words_at  # noqa: E402

from extractors.fields import lines_to_fields, pages_to_lines  # noqa: E402


def fields_of(*lines, doc_type: str = "invoice", source: str = "text"):  # type: ignore[no-untyped-def]
    return lines_to_fields(pages_to_lines([page_of(*lines, source=source)]), doc_type)


def test_value_right_of_label_on_the_same_line() -> None:
    f = fields_of(
        words_at(100, (40, "Rechnungsnummer:"), (200, "2014-03")),
        words_at(115, (40, "Rechnungsdatum:"), (200, "11."), (215, "Juli"), (240, "2014")),
    )
    assert f["invoice_number"].value == "2014-03"
    assert f["invoice_number"].bbox == (200, 100, 235, 110)
    assert f["invoice_number"].source == "text"
    assert f["issue_date"].value == "2014-07-11"
    assert f["issue_date"].raw == "11. Juli 2014"
    assert f["invoice_number"].extractor.startswith("labels.v1")


def test_value_below_label_in_its_column() -> None:
    f = fields_of(
        words_at(100, (40, "Invoice"), (80, "No."), (300, "Currency")),
        words_at(114, (40, "INV-2026/0042"), (300, "EUR")),
    )
    assert f["invoice_number"].value == "INV-2026/0042"
    assert f["currency"].value == "EUR"


def test_longest_label_wins() -> None:
    f = fields_of(
        words_at(100, (300, "Total"), (330, "HT"), (450, "624,90"), (490, "€")),
        words_at(115, (300, "Total"), (330, "TTC"), (450, "671,15"), (490, "€")),
    )
    assert f["net_amount"].value == "624.90"
    assert f["total_amount"].value == "671.15"


def test_stop_labels_end_a_value() -> None:
    f = fields_of(
        words_at(100, (40, "Gesamtbetrag"), (105, "der"), (125, "Zuschläge"), (400, "0,00")),
        words_at(115, (40, "Bruttosumme"), (400, "529,87")),
    )
    assert f["total_amount"].value == "529.87"


def test_weak_label_needs_its_context() -> None:
    f = fields_of(
        words_at(60, (40, "Stylesheet-Version:"), (150, "2.0"), (170, "vom"), (190, "18.10.2018")),
        words_at(
            100,
            (40, "Handelsrechnung"),
            (130, "Nr."),
            (150, "471102"),
            (190, "vom"),
            (210, "05.03.2018"),
        ),
    )
    assert f["invoice_number"].value == "471102"
    assert f["issue_date"].value == "2018-03-05"


def test_party_headings_route_vat_ids_and_read_blocks() -> None:
    f = fields_of(
        words_at(
            100,
            (40, "Seller"),
            (72, "/"),
            (80, "Exporter"),
            (300, "Buyer"),
            (330, "/"),
            (338, "Importer"),
        ),
        words_at(
            112,
            (40, "Saigon"),
            (75, "Garment"),
            (115, "JSC"),
            (300, "Alpen"),
            (330, "Handels"),
            (370, "GmbH"),
        ),
        words_at(124, (40, "45"), (55, "Nguyen"), (90, "Street"), (300, "1210"), (325, "Wien")),
        words_at(136, (40, "Vietnam"), (300, "Austria")),
        words_at(160, (300, "VAT"), (320, "No.:"), (345, "ATU69841215")),
    )
    assert f["seller_name"].value == "Saigon Garment JSC"
    assert f["buyer_name"].value == "Alpen Handels GmbH"
    assert f["buyer_address"].value == "1210 Wien, Austria"
    assert f["buyer_country"].value == "AT"
    assert f["seller_country"].value == "VN"
    assert f["buyer_vat_id"].value == "ATU69841215"
    assert "seller_vat_id" not in f


def test_name_label_inside_a_name_is_not_a_label() -> None:
    f = fields_of(
        words_at(100, (40, "Verkäufer:")),
        words_at(112, (40, "Lieferant"), (90, "GmbH")),
    )
    assert f["seller_name"].value == "Lieferant GmbH"


def test_self_identifying_values_need_no_label() -> None:
    f = fields_of(
        words_at(100, (40, "Containers"), (120, "CSQU"), (145, "305438-3")),
        words_at(112, (40, "AWB"), (60, "176-1234"), (110, "5675")),
        words_at(
            124,
            (40, "Pay"),
            (60, "to"),
            (75, "DE88"),
            (100, "2008"),
            (125, "0000"),
            (150, "0970"),
            (175, "3757"),
            (200, "00"),
        ),
        doc_type="waybill",
    )
    assert f["container_numbers"].value == ["CSQU3054383"]
    assert f["transport_document_number"].value == "17612345675"


def test_ocr_confidence_lowers_field_confidence() -> None:
    text = fields_of(words_at(100, (40, "Invoice"), (80, "No."), (110, "4711")))
    ocr = fields_of(
        words_at(100, (40, "Invoice"), (80, "No."), (110, "4711"), confidence=0.6), source="ocr"
    )
    assert ocr["invoice_number"].confidence < text["invoice_number"].confidence
    assert ocr["invoice_number"].source == "ocr"


def test_ambiguous_values_lower_confidence() -> None:
    one = fields_of(words_at(100, (40, "Total:"), (200, "10,00")))
    two = fields_of(
        words_at(100, (40, "Total:"), (200, "10,00")), words_at(300, (40, "Total:"), (200, "12,00"))
    )
    assert two["total_amount"].confidence < one["total_amount"].confidence


def test_a_container_number_failing_its_check_digit_is_kept_for_review() -> None:
    # CSQU3054383 is valid; ...384 is the same number with a wrong check digit.
    f = fields_of(words_at(100, (40, "Seal"), (120, "CSQU"), (145, "305438-4")), doc_type="waybill")
    assert f["container_numbers"].value == ["CSQU3054384"]
    valid = fields_of(
        words_at(100, (40, "Seal"), (120, "CSQU"), (145, "305438-3")), doc_type="waybill"
    )
    assert f["container_numbers"].confidence < 0.8 <= valid["container_numbers"].confidence


def test_a_label_word_inside_a_name_below_its_heading_is_part_of_the_name() -> None:
    # "Freight" is a label (freight terms), but inside "Midlands Freight Ltd" it is a name's word.
    f = fields_of(
        words_at(100, (40, "CMR"), (62, "NUMBER"), (300, "ISSUED"), (340, "BY")),
        words_at(
            114, (40, "CMR-GB-2026-80582"), (300, "Midlands"), (345, "Freight"), (385, "Ltd")
        ),  # fmt: skip
        doc_type="waybill",
    )
    assert f["carrier_name"].value == "Midlands Freight Ltd"


def test_a_long_label_ends_where_its_value_begins_without_a_colon() -> None:
    # OCR set the value as close to its label as words of one cell; three label words still
    # make a label, where one ("Lieferant GmbH") would read as a name.
    f = fields_of(
        words_at(
            100,
            (40, "Description"),
            (100, "of"),
            (115, "goods"),
            (150, "CNC"),
            (170, "lathe,"),
            (205, "horizontal"),
        ),  # fmt: skip
        doc_type="waybill",
        source="ocr",
    )
    assert f["goods_description"].value == "CNC lathe, horizontal"


def test_a_vat_id_printed_in_groups_is_read_whole_as_its_country_formats_it() -> None:
    # Four groups already parse as a VAT id of some length; France's format needs all five.
    f = fields_of(
        words_at(
            100,
            (40, "TVA"),
            (65, "intracommunautaire:"),
            (200, "FR"),
            (215, "604"),
            (235, "219"),
            (255, "388"),
            (275, "61"),
            (300, "RCS"),
        ),  # fmt: skip
    )
    assert f["seller_vat_id"].value == "FR60421938861"


def test_the_name_over_the_legal_footer_is_the_issuer_when_no_letterhead_names_it() -> None:
    f = fields_of(
        words_at(100, (40, "Facture"), (80, "n°"), (100, "2022089083")),
        words_at(115, (40, "Date"), (65, ":"), (75, "28/11/2022")),
        words_at(130, (40, "Total"), (65, "TTC"), (90, ":"), (100, "56,02"), (130, "€")),
        words_at(145, (40, "Merci")),
        words_at(790, (280, "NETPRESSE")),
        words_at(
            802,
            (130, "Siège"),
            (160, "social"),
            (195, ":"),
            (205, "16"),
            (220, "rue"),
            (240, "Mollien"),
        ),  # fmt: skip
        words_at(814, (150, "Sarl"), (175, "au"), (190, "capital"), (230, "RCS"), (255, "Paris")),
    )
    assert f["seller_name"].value == "NETPRESSE"
    assert f["seller_name"].confidence < 0.9  # no label names it: review looks


def test_a_footer_line_without_a_register_names_no_issuer() -> None:
    f = fields_of(
        words_at(100, (40, "Facture"), (80, "n°"), (100, "2022089083")),
        words_at(115, (40, "Date"), (65, ":"), (75, "28/11/2022")),
        words_at(130, (40, "Total"), (65, "TTC"), (90, ":"), (100, "56,02"), (130, "€")),
        words_at(790, (280, "Thank"), (310, "you")),
        words_at(802, (130, "Page"), (160, "1"), (170, "of"), (185, "1")),
    )
    assert "seller_name" not in f


def test_an_ocr_zero_among_the_letters_of_a_name_is_the_letter_o() -> None:
    f = fields_of(
        words_at(100, (40, "Carrier:"), (100, "TransBalkan"), (160, "d.0.0."), confidence=0.9),
        words_at(
            115, (40, "Shipper:"), (100, "Agro"), (125, "2000"), (150, "d.0.0."), confidence=0.9
        ),  # fmt: skip
        doc_type="waybill",
        source="ocr",
    )
    assert f["carrier_name"].value == "TransBalkan d.o.o."
    assert f["carrier_name"].raw == "TransBalkan d.0.0."  # as printed, for the audit
    assert f["shipper_name"].value == "Agro 2000 d.o.o."  # a number stays a number


def test_an_incoterm_that_spells_a_label_elsewhere_is_the_terms_value() -> None:
    # "CIF" is also Spanish for a tax id label; after "Lieferkondition" it is the Incoterm.
    f = fields_of(
        words_at(
            100,
            (40, "Lieferkondition"),
            (130, "CIF"),
            (150, "Rotterdam"),
            (300, "Datum"),
            (330, "2026-05-17"),
        ),  # fmt: skip
    )
    assert (f["incoterms"].value, f["incoterms_place"].value) == ("CIF", "NLRTM")
    assert "seller_vat_id" not in f


def test_an_incoterm_under_its_heading_in_a_grid_is_read_though_it_spells_a_label() -> None:
    f = fields_of(
        words_at(100, (40, "Incoterms"), (200, "Origine")),
        words_at(112, (40, "CIF"), (60, "Hamburg"), (200, "Turquie")),
    )
    assert (f["incoterms"].value, f["incoterms_place"].value) == ("CIF", "DEHAM")


def test_an_ocr_letter_among_an_eori_numbers_figures_is_set_right_by_its_country() -> None:
    f = fields_of(
        words_at(100, (40, "Importer"), (85, "EORI:"), (120, "NLO52044521"), confidence=0.9),
        words_at(115, (40, "EORI:"), (75, "ESB33795283"), confidence=0.9),
        source="ocr",
    )
    assert f["buyer_eori"].value == "NL052044521"
    assert f["buyer_eori"].raw == "NLO52044521"
    assert f["seller_eori"].value == "ESB33795283"  # Spain's carries its NIF's letter


def test_sender_line_names_the_seller() -> None:
    f = fields_of(
        words_at(
            60,
            (40, "Kraxi"),
            (70, "GmbH"),
            (100, "·"),
            (110, "Flugzeugallee"),
            (170, "17"),
            (180, "·"),
            (190, "12345"),
            (220, "Papierfeld"),
        ),
        words_at(80, (40, "Papierwaren"), (100, "Lange")),
        words_at(300, (40, "Rechnungsnummer:"), (200, "2014-03")),
    )
    assert f["seller_name"].value == "Kraxi GmbH"
    assert f["buyer_name"].value == "Papierwaren Lange"


def test_sender_line_of_single_letters_names_no_one() -> None:
    # OCR of a sender line printed too small: "Bei Spiel GmbH" read as "B C H".
    f = fields_of(
        words_at(30, (40, "Bei"), (60, "Spiel"), (90, "GmbH")),
        words_at(
            60,
            (40, "B"),
            (50, "C"),
            (60, "H"),
            (70, "·"),
            (80, "Eckel"),
            (110, "·"),
            (120, "12345"),
            (150, "Stadthausen"),
        ),
        words_at(80, (40, "Theodor"), (80, "Est")),
        words_at(300, (40, "Rechnungsnummer:"), (200, "2014-03")),
        source="ocr",
    )
    assert f["seller_name"].value == "Bei Spiel GmbH"
    assert f["buyer_name"].value == "Theodor Est"


def test_long_name_on_the_left_reaching_under_the_next_heading() -> None:
    f = fields_of(
        words_at(
            140, (48, "Absender"), (250, "Empfänger"), (299, "(Einführer)"), (480, "Meldeadresse")
        ),
        words_at(
            152,
            (48, "Ningbo"),
            (82, "Oriental"),
            (126, "Steel"),
            (155, "Trading"),
            (194, "Co.,"),
            (218, "Ltd."),
            (250, "Van"),
            (269, "der"),
            (288, "Berg"),
            (312, "Trading"),
            (351, "B.V."),
            (480, "Maas"),
        ),
        words_at(300, (48, "Seite"), (80, "1/1")),
        doc_type="waybill",
    )
    assert f["shipper_name"].value == "Ningbo Oriental Steel Trading Co., Ltd."
    assert f["consignee_name"].value == "Van der Berg Trading B.V."


def test_names_under_a_row_of_headings_split_where_the_columns_begin() -> None:
    # The gap between the two names is narrower than a cell gap: one cell, two columns.
    f = fields_of(
        words_at(
            257,
            (64, "Exportador"),
            (118, "(nombre,"),
            (162, "dirección):"),
            (300, "Importador"),
            (354, "(nombre,"),
            (398, "dirección):"),
        ),
        words_at(
            268,
            (64, "Ningbo"),
            (99, "Oriental"),
            (144, "Steel"),
            (174, "Trading"),
            (214, "Corporation"),
            (274, "Ltd."),
            (300, "Antwerp"),
            (340, "Machinery"),
            (390, "NV"),
        ),
        words_at(400, (64, "Hoja"), (90, "1")),
        doc_type="permit",
    )
    assert f["exporter_name"].value == "Ningbo Oriental Steel Trading Corporation Ltd."
    assert f["importer_name"].value == "Antwerp Machinery NV"


def test_label_word_inside_a_name_is_part_of_it() -> None:
    f = fields_of(
        words_at(60, (350, "Porteador:"), (420, "Midlands"), (465, "Freight"), (505, "Ltd")),
        words_at(
            80, (42, "Condiciones"), (100, "de"), (115, "flete:"), (200, "PORTES"), (240, "DEBIDOS")
        ),
        doc_type="waybill",
    )
    assert f["carrier_name"].value == "Midlands Freight Ltd"
    assert f["freight_terms"].value == "collect"


def test_a_value_opening_with_its_labels_words_is_the_value() -> None:
    f = fields_of(
        words_at(
            250,
            (36, "Modalités"),
            (85, "de"),
            (100, "fret"),
            (190, "Fret"),
            (212, "payable"),
            (250, "à"),
            (258, "destination"),
            (360, "Facture"),
            (400, "n°"),
            (460, "NOS-1"),
        ),
        doc_type="waybill",
    )
    assert f["freight_terms"].value == "collect"
    assert f["invoice_refs"].value == ["NOS-1"]


def test_a_label_does_not_run_on_from_the_title_into_the_next_cell() -> None:
    f = fields_of(
        words_at(
            54,
            (50, "CONOCIMIENTO"),
            (115, "DE"),
            (130, "EMBARQUE"),
            (300, "N.º"),
            (320, "de"),
            (335, "conocimiento:"),
            (420, "MAEU775367971"),
        ),
        doc_type="waybill",
    )
    assert f["transport_document_number"].value == "MAEU775367971"


def test_a_subtotal_carried_to_the_next_page_is_not_the_net_amount() -> None:
    page1 = page_of(
        words_at(100, (40, "Invoice"), (80, "No."), (200, "0007053")),
        words_at(777, (400, "Subtotal"), (450, "c/f"), (520, "27,223.80")),
    )
    page2 = page_of(
        words_at(76, (400, "Subtotal"), (450, "b/f"), (520, "27,223.80")),
        words_at(269, (380, "Net"), (400, "total:"), (480, "37,459.80"), (530, "USD")),
        words_at(297, (396, "TOTAL:"), (480, "37,459.80"), (530, "USD")),
        number=2,
    )
    f = lines_to_fields(pages_to_lines([page1, page2]), "invoice")
    assert f["net_amount"].value == "37459.80"


def test_a_name_set_close_to_its_label_where_the_rows_values_start() -> None:
    f = fields_of(
        words_at(195, (50, "Ausstellungsland"), (146, "Deutschland")),
        words_at(213, (50, "Empfangsland"), (146, "Deutschland")),
        words_at(230, (50, "Warennummern"), (146, "7306.61")),
        words_at(
            248,
            (50, "Ausstellende"),
            (112, "Behörde"),
            (152, "Bundesamt"),
            (200, "für"),
            (218, "Wirtschaft"),
        ),
        words_at(266, (50, "Warenbezeichnung"), (152, "Stahlblech")),
        doc_type="permit",
    )
    assert f["issuing_authority"].value == "Bundesamt für Wirtschaft"


def test_a_heading_glossed_before_its_label() -> None:
    f = fields_of(
        words_at(139, (50, "Absender"), (95, "/"), (102, "Ausführer:"), (300, "Empfänger:")),
        words_at(
            151,
            (50, "Cascade"),
            (90, "Outdoor"),
            (130, "Gear"),
            (155, "Inc."),
            (300, "Alpen"),
            (330, "Handels"),
            (370, "GmbH"),
        ),
        words_at(162, (50, "Seattle"), (90, "WA"), (105, "98101"), (300, "1210"), (325, "Wien")),
        words_at(173, (50, "USA"), (300, "Österreich")),
    )
    assert f["seller_name"].value == "Cascade Outdoor Gear Inc."
    assert f["seller_country"].value == "US"
    assert f["buyer_name"].value == "Alpen Handels GmbH"


def test_a_text_layer_value_keeps_half_the_doubt_of_its_score() -> None:
    lines = (words_at(100, (40, "Invoice"), (80, "No."), (200, "INV-2026/0042")),)
    text = fields_of(*lines, source="text")["invoice_number"]
    scanned = fields_of(*lines, source="ocr")["invoice_number"]
    assert scanned.confidence < text.confidence
    assert 1 - text.confidence == pytest.approx((1 - scanned.confidence) / 2, abs=1e-3)
