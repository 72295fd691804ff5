"""Invoice totals the page implies but does not print.

EN 16931 relates the totals: invoice total = net + VAT, and amount due = total - prepaid.
Many invoices print only some of them ("Net total 496.00 / VAT total 75.04 / Due payable
571.04"; "Rechnungssumme brutto 1.005,55" and no "Zahlbetrag"). A missing total is derived from
the amounts that were read: total from net and tax, the amount due from the total where the
page mentions no prepayment, the total from the amount due on the same condition. Derived values
carry source ``derived``, the box of the amount they come from, and a confidence below the
values they come from, so that review sees them as inferences.
"""

from __future__ import annotations

import functools
from pathlib import Path

from clearway.models import FieldValue
from extractors import matching
from extractors.confusables import to_decimal
from extractors.data import read_yaml
from extractors.layout import Line

VERSION = "totals.derived.v1"
SUM_FACTOR = 0.95  # the arithmetic is exact; only the inputs can be wrong
NO_PREPAYMENT_FACTOR = 0.85  # a prepayment could be printed in words we do not know
_VOCAB = Path(__file__).parent / "vocab" / "payments.yaml"


@functools.cache
def prepaid_matcher():  # type: ignore[no-untyped-def]
    return matching.build_matcher({"prepaid": read_yaml(_VOCAB)["prepaid"]})


def with_derived_totals(fields: dict[str, FieldValue], lines: list[Line]) -> dict[str, FieldValue]:
    out = dict(fields)
    if "total_amount" not in out and "net_amount" in out and "tax_amount" in out:
        total = amount_sum(out["net_amount"], out["tax_amount"])
        if total is not None:
            out["total_amount"] = total
    if ("amount_due" in out) != ("total_amount" in out) and not mentions_prepayment(lines):
        source = out.get("total_amount") or out["amount_due"]
        target = "amount_due" if "amount_due" not in out else "total_amount"
        out[target] = derived(source.value, source, source.confidence * NO_PREPAYMENT_FACTOR)
    return out


def amount_sum(net: FieldValue, tax: FieldValue) -> FieldValue | None:
    a, b = to_decimal(str(net.value)), to_decimal(str(tax.value))
    if a is None or b is None:
        return None
    total = a + b
    confidence = min(net.confidence, tax.confidence) * SUM_FACTOR
    return derived(f"{total:.2f}", net, confidence)


def derived(value: str, basis: FieldValue, confidence: float) -> FieldValue:
    return FieldValue(
        value=value,
        confidence=round(confidence, 4),
        page=basis.page,
        bbox=basis.bbox,
        source="derived",
        raw=None,
        extractor=VERSION,
    )


def mentions_prepayment(lines: list[Line]) -> bool:
    matcher = prepaid_matcher()
    return any(matcher(matching.words_to_doc(line.words)) for line in lines)
