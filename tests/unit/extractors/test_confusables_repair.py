"""Confusable repair (extractors/confusables.py): properties over generated values, and the hooks
in the value readers and field selection.

Contract: a repair returns the value the check accepts and nothing else; it never turns a
valid value into another one; when OCR swapped confusable characters in a value that carries a
check (or a format that forces each position), the original comes back, flagged repaired.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st
from wordbuild import page_of, words_at

from clearway.models import FieldValue
from extractors import checks, confusables, normalize, values
from extractors.fields import lines_to_fields, pages_to_lines

DIGIT_TO_LOOKALIKE = {"0": "O", "1": "l", "5": "S", "8": "B", "2": "Z", "6": "G"}
LETTER_TO_LOOKALIKE = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}


def corrupt(text: str, positions: list[int], table: dict[str, str]) -> str:
    chars = list(text)
    for p in positions:
        if 0 <= p < len(chars) and chars[p] in table:
            chars[p] = table[chars[p]]
    return "".join(chars)


# ---------------------------------------------------------------- generated valid values


@st.composite
def awbs(draw: st.DrawFn) -> str:
    prefix = draw(st.integers(0, 999))
    serial = draw(st.integers(0, 9_999_999))
    return f"{prefix:03d}{serial:07d}{serial % 7}"


@st.composite
def containers(draw: st.DrawFn) -> str:
    owner = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
    body = owner + draw(st.sampled_from("UJZ")) + f"{draw(st.integers(0, 999_999)):06d}"
    for digit in "0123456789":
        if checks.container_is_valid(body + digit):
            return body + digit
    raise AssertionError("no check digit fits")  # pragma: no cover


def with_iban_check(country: str, bban: str) -> str:
    number = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(number) % 97:02d}{bban}"


@st.composite
def german_ibans(draw: st.DrawFn) -> str:
    return with_iban_check("DE", f"{draw(st.integers(0, 10**18 - 1)):018d}")


@st.composite
def british_ibans(draw: st.DrawFn) -> str:
    bank = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4))
    return with_iban_check("GB", bank + f"{draw(st.integers(0, 10**14 - 1)):014d}")


positions = st.lists(st.integers(0, 40), max_size=4)


# ---------------------------------------------------------------- check-digit kinds


@given(awbs(), positions)
def test_awb_with_letters_for_digits_is_repaired(awb: str, where: list[int]) -> None:
    read = corrupt(awb, where, DIGIT_TO_LOOKALIKE)
    repair = confusables.repair_awb(read[:3] + "-" + read[3:])
    assert repair == confusables.Repair(awb, repaired=read != awb)


@given(containers(), positions)
def test_container_is_repaired_both_ways(code: str, where: list[int]) -> None:
    read = corrupt(code[:4], where, LETTER_TO_LOOKALIKE) + corrupt(
        code[4:], where, DIGIT_TO_LOOKALIKE
    )
    repair = confusables.repair_container(f"{read[:4]} {read[4:10]}-{read[10]}")
    assert repair == confusables.Repair(code, repaired=read != code)


@given(st.one_of(german_ibans(), british_ibans()), positions)
def test_iban_is_repaired_by_its_country_format(iban: str, where: list[int]) -> None:
    bban_start = 8 if iban.startswith("GB") else 4
    read = iban[:bban_start] + corrupt(iban[bban_start:], where, DIGIT_TO_LOOKALIKE)
    repair = confusables.repair_iban(" ".join(read[i : i + 4] for i in range(0, len(read), 4)))
    assert repair == confusables.Repair(iban, repaired=read != iban)


@given(st.text(alphabet="0123456789OIlSBZGo- ", min_size=8, max_size=16))
def test_a_repair_always_passes_the_check(text: str) -> None:
    awb = confusables.repair_awb(text)
    assert awb is None or checks.awb_is_valid(awb.value)
    container = confusables.repair_container("MSCU" + text)
    assert container is None or checks.container_is_valid(container.value)


def test_ambiguous_or_hopeless_values_are_left_alone() -> None:
    assert confusables.repair_awb("176-1234567X") is None
    assert confusables.repair_awb("1761234567") is None  # too short
    assert confusables.repair_iban("DE00 0000 0000 0000 0000 01") is None  # no reading passes


def test_vat_ids_follow_their_country_format() -> None:
    assert confusables.repair_vat_id("ATUO4067521") == confusables.Repair("ATU04067521", True)
    assert confusables.repair_vat_id("NLO22614429BO1") == confusables.Repair("NL022614429B01", True)
    assert confusables.repair_vat_id("DE123456789") == confusables.Repair("DE123456789", False)
    assert confusables.repair_vat_id("XX123") is None


# ---------------------------------------------------------------- digits, dates, code lists


@given(
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    positions,
)
def test_amounts_with_letters_for_digits_read_as_printed(amount: Decimal, where: list[int]) -> None:
    printed = f"{amount:,.2f}".replace(",", "'")
    read = corrupt(printed, where, DIGIT_TO_LOOKALIKE)
    assume(sum(c.isalpha() for c in read) * 3 <= len(read) and sum(c.isdigit() for c in read) >= 2)
    repair = confusables.repair_number(read)
    assert repair is not None
    assert normalize.text_to_amount(repair.value) == f"{amount:.2f}"


def test_numbers_beside_words_keep_the_words() -> None:
    assert confusables.repair_number("EUR") is None
    assert confusables.repair_numbers_in("1.2O5,5 kg") == confusables.Repair("1.205,5 kg", True)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), positions)
def test_dates_with_letters_for_digits_are_repaired(day: date, where: list[int]) -> None:
    printed = day.strftime("%d.%m.%Y")
    read = corrupt(printed, where, DIGIT_TO_LOOKALIKE)
    repair = confusables.repair_date(read)
    assert repair is not None and normalize.text_to_date(repair.value) == day.isoformat()
    assert repair.repaired == (read != printed)


def test_code_lists_pick_the_one_known_code() -> None:
    assert confusables.repair_incoterms("F0B") == confusables.Repair("FOB", True)
    assert confusables.repair_currency("U5D") == confusables.Repair("USD", True)
    assert confusables.repair_currency("EUR") == confusables.Repair("EUR", False)
    assert confusables.repair_code("C6Z", ["C62", "KGM"]) == confusables.Repair("C62", True)
    assert confusables.repair_code("XYZ", ["C62"]) is None


# ---------------------------------------------------------------- arithmetic

CONFUSION = {"3": "8", "8": "3", "5": "6", "6": "5", "1": "7", "7": "1", "0": "8"}


@given(
    st.decimals(min_value=1, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=1, max_value=10**5, places=2, allow_nan=False, allow_infinity=False),
    st.integers(0, 2),
    st.integers(0, 20),
)
def test_the_odd_total_is_found_or_nothing_is_said(
    net: Decimal, tax: Decimal, which: int, digit: int
) -> None:
    right = [net, tax, net + tax]
    text = f"{right[which]:f}"
    spots = [i for i, c in enumerate(text) if c in CONFUSION and (i > 0 or c != "0")]
    assume(spots)
    i = spots[digit % len(spots)]
    wrong = [*right]
    wrong[which] = Decimal(text[:i] + CONFUSION[text[i]] + text[i + 1 :])
    assume(abs(wrong[which] - right[which]) > Decimal("0.01"))  # a cent is rounding, not a slip
    plain = confusables.odd_one_out(tuple(wrong), "sum")
    assert plain is None or plain == confusables.Suggestion(which, right[which])
    sure = [0.95, 0.95, 0.95]
    sure[which] = 0.6
    guided = confusables.odd_one_out(tuple(wrong), "sum", tuple(sure))
    assert guided == confusables.Suggestion(which, right[which])


def test_line_item_products() -> None:
    d = Decimal
    assert confusables.odd_one_out((d("3"), d("12.50"), d("37.50")), "product") is None
    assert confusables.odd_one_out((d("3"), d("12.50"), d("87.50")), "product") == (
        confusables.Suggestion(2, d("37.50"))
    )
    assert confusables.odd_one_out((d("3"), None, d("37.50")), "product") is None


def test_totals_are_repaired_on_ocr_documents_only() -> None:
    def fv(value: str, confidence: float, source: str = "ocr") -> FieldValue:
        return FieldValue(value=value, confidence=confidence, source=source)  # type: ignore[arg-type]

    ocr = {"net_amount": fv("845.00", 0.9), "tax_amount": fv("160.55", 0.9)}
    ocr["total_amount"] = fv("1006.55", 0.7)
    fixed = confusables.repair_totals(ocr)
    assert fixed["total_amount"].value == "1005.55"
    assert fixed["total_amount"].confidence < 0.7
    text = {k: v.model_copy(update={"source": "text"}) for k, v in ocr.items()}
    assert confusables.repair_totals(text) == text


# ---------------------------------------------------------------- hooks in readers and fields


def test_readers_repair_ocr_words_and_leave_text_layer_words_alone() -> None:
    ocr_words = words_at(100, (10, "176-1234567S"), confidence=0.8)
    text_words = words_at(100, (10, "176-1234567S"))
    assert values.READERS["awb"](ocr_words) == ("~17612345675", 0, 1)
    assert values.READERS["awb"](text_words) is None
    assert values.READERS["amount"](words_at(0, (0, "1.2O5,50"), confidence=0.8)) == (
        "~1205.50",
        0,
        1,
    )
    assert values.READERS["date"](words_at(0, (0, "O5.O3.2O18"), confidence=0.8)) == (
        "~2018-03-05",
        0,
        1,
    )
    assert values.READERS["vat_id"](words_at(0, (0, "ATUO4067521"), confidence=0.8)) == (
        "~ATU04067521",
        0,
        1,
    )
    assert values.READERS["vat_id"](words_at(0, (0, "ATUO4067521")))[0] == "ATUO4067521"


def test_a_repaired_field_comes_out_clean_and_a_little_less_sure() -> None:
    def iban_field(printed: str) -> FieldValue:
        page = page_of(
            words_at(100, (40, "Invoice"), (90, "No."), (120, "4711"), confidence=0.9),
            words_at(130, (40, "IBAN:"), (90, printed), confidence=0.9),
            source="ocr",
        )
        return lines_to_fields(pages_to_lines([page]), "invoice")["iban"]

    clean = iban_field("DE89370400440532013000")
    repaired = iban_field("DE8937O4OO44O532O13OOO")
    assert repaired.value == clean.value == "DE89370400440532013000"
    assert repaired.confidence < clean.confidence


def test_vat_ids_found_by_pattern_are_repaired_too() -> None:
    page = page_of(
        words_at(100, (40, "Invoice"), (90, "No."), (120, "4711"), confidence=0.9),
        words_at(130, (40, "NLO22614429B01"), confidence=0.9),
        source="ocr",
    )
    found = lines_to_fields(pages_to_lines([page]), "invoice")
    assert found["seller_vat_id"].value == "NL022614429B01"
