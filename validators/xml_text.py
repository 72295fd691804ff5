"""``xml_text_mismatch`` findings: where a document's embedded e-invoice XML and its visible text
disagree (extractors.einvoice.crosscheck finds them at extraction time). Pure.

One finding per field, a warning: the XML value is the one used (it is the structured, legally
issued statement), but an assessor should see that the page a person reads says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

from extractors.einvoice.crosscheck import XmlTextMismatch
from validators.findings import Finding, finding

SEVERITY = "warning"


def mismatches_to_findings(file: str, mismatches: Iterable[XmlTextMismatch]) -> list[Finding]:
    return [mismatch_to_finding(file, m) for m in mismatches]


def mismatch_to_finding(file: str, m: XmlTextMismatch) -> Finding:
    where = f"on page {m.page}" if m.page else "in the visible text"
    seen = f"read by OCR {where}" if m.text_source == "ocr" else f"printed {where}"
    return finding(
        "xml_text_mismatch",
        SEVERITY,
        [file],
        [m.field],
        f"{file}: {m.field} is {m.xml_value!r} in the embedded e-invoice XML but "
        f"{m.text_value!r} is {seen}. The XML value is used; check with the sender which one is "
        "right.",
    )
