"""extractors.normalize: printed amounts, dates, codes -> the forms of fields.md."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import normalize


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("-40,00", "-40.00"),
        ("40,00-", "-40.00"),
        ("4,55 €", "4.55"),
        ("$127.50", "127.50"),
        ("1.005,55", "1005.55"),
        ("0,025", "0.025"),
        ("12", "12.00"),
        ("1.234", "1234.00"),
        ("1.234.567,8", "1234567.80"),
    ],
)
def test_amounts(printed: str, expected: str) -> None:
    assert normalize.text_to_amount(printed) == expected


def group(n: int, sep: str) -> str:
    s = str(n)
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return sep.join(parts)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([(".", ","), (",", "."), (" ", ","), ("'", "."), ("", ","), ("", ".")]),
    st.booleans(),
)
def test_amount_round_trip_in_every_convention(
    units: int, cents: int, seps: tuple[str, str], negative: bool
) -> None:
    thousands, decimal = seps
    printed = ("-" if negative else "") + group(units, thousands) + decimal + f"{cents:02d}"
    value = normalize.text_to_amount(printed)
    expected = Decimal(units) + Decimal(cents) / 100
    if negative and expected:
        expected = -expected
    assert value is not None and Decimal(value) == expected
    assert value.split(".")[1] == f"{cents:02d}"  # printed decimals kept


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("13/11/2017", "2017-11-13"),
        ("05.03.2018", "2018-03-05"),
        ("2020-11-21", "2020-11-21"),
        ("11. Juli 2014", "2014-07-11"),
        ("Jan 31, 2022", "2022-01-31"),
        ("02 Juillet 2015", "2015-07-02"),
        ("5 de marzo de 2021", "2021-03-05"),
        ("1er mars 2020", "2020-03-01"),
        ("12/31/2020", "2020-12-31"),
        ("31.02.2020", None),
        ("no date", None),
    ],
)
def test_dates(printed: str, expected: str | None) -> None:
    assert normalize.text_to_date(printed) == expected


def test_month_first_when_asked() -> None:
    assert normalize.text_to_date("03/04/2021", day_first=False) == "2021-03-04"


@pytest.mark.parametrize(
    ("printed", "code"),
    [("€", "EUR"), ("EUR", "EUR"), ("Euro", "EUR"), ("US$", "USD"), ("£", "GBP"), ("CHF", "CHF")],
)
def test_currencies(printed: str, code: str) -> None:
    assert normalize.text_to_currency(printed) == code


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("España", "ES"),
        ("United Kingdom", "GB"),
        ("FR", "FR"),
        # As OCR reads them: accents lost, "ü" read as "ii".
        ("Osterreich", "AT"),
        ("Tiirkei", "TR"),
        ("Coree du Sud", "KR"),
    ],
)
def test_countries(printed: str, code: str) -> None:
    assert normalize.text_to_country(printed) == code


@pytest.mark.parametrize("printed", ["Hawaii", "Sud", "Tiirk"])
def test_not_countries(printed: str) -> None:
    assert normalize.text_to_country(printed) is None


@pytest.mark.parametrize(
    ("printed", "kg"),
    [("1.250,5 kg", "1250.5"), ("2 t", "2000"), ("100 lbs", "45.359"), ("12 kg", "12")],
)
def test_weights(printed: str, kg: str) -> None:
    assert normalize.text_to_weight_kg(printed) == kg


def test_codes() -> None:
    assert normalize.text_to_hs_code("8504.40") == "850440"
    assert normalize.text_to_incoterms("FOB Hamburg") == "FOB"
    assert normalize.text_to_vat_id("DE 123 456 789") == "DE123456789"
    assert normalize.text_to_iban("DE08 7009 0100 1234 5678 90") == "DE08700901001234567890"
    assert normalize.text_to_iban("DE08 7009 0100 1234 5678 91") is None
