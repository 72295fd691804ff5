"""The project's own finding type: what a cross-document or per-value check concluded.

Codes are those of shared/spec/consignments.md; severity decides the hand-off
(``error`` blocks it, ``warning`` goes to the assessor, ``info`` is recorded).
"""

from __future__ import annotations

from typing import Any, Literal

from clearway.models import Frozen

Severity = Literal["error", "warning", "info"]

CODES = frozenset(
    {
        "total_mismatch",
        "awb_check_digit_invalid",
        "container_check_digit_invalid",
        "invalid_code",
        "permit_expired",
        "hs_code_not_covered_by_permit",
        "permit_quantity_exceeded",
        "missing_required_permit",
        "missing_transport_document",
        "missing_invoice",
        "party_mismatch",
        "weight_mismatch",
        "package_count_mismatch",
        "currency_mismatch",
        "incoterms_mode_mismatch",
        "xml_text_mismatch",
        "ambiguous_link",
        "low_confidence",
    }
)


class Finding(Frozen):
    code: str
    severity: Severity
    documents: list[str]  # files, as given on the command line or as attachment names
    fields: list[str]
    message: str

    def output(self) -> dict[str, Any]:
        return self.model_dump()


def finding(
    code: str, severity: Severity, documents: list[str], fields: list[str], message: str
) -> Finding:
    """Build a Finding, refusing codes the spec does not define (a typo would go unnoticed)."""
    if code not in CODES:
        raise ValueError(f"unknown finding code {code!r}")
    return Finding(
        code=code,
        severity=severity,
        documents=sorted(set(documents)),
        fields=sorted(set(fields)),
        message=message,
    )
