"""Great Expectations suites per document type, built in code, run over a batch of documents.

One row per document, one column per field (plus ``<field>__confidence`` and numeric
``<field>__num`` columns), validated in one ephemeral context per process: building a
context and its suites is slow, validating a frame is ~35 ms. Results leave GX at this
boundary as the project's own ``ExpectationResult``, one per document per expectation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

import pandas as pd

from clearway.models import Extraction, Frozen
from clearway.settings import Settings
from validators import codes, permits
from validators.consignment import required_fields
from validators.rules import to_decimal

# Must happen before GX is imported: otherwise (Airflow loaded first) GX logs ~200 INFO lines.
logging.getLogger("great_expectations").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
AMOUNT = r"^-?\d+\.\d{2,}$"
DECIMAL = r"^\d+(?:\.\d+)?$"
COUNT = r"^\d+$"
AWB = r"^\d{11}$"
TRANSPORT_TYPES = ["AWB", "BL", "CMR", "RWB", "OTHER"]
PERMIT_TYPES = sorted(permits.PERMIT_TYPES)  # fields.md `permit_type`


class ExpectationResult(Frozen):
    sha256: str
    suite: str
    expectation: str  # e.g. "expect_column_values_to_not_be_null(invoice_number)"
    success: bool
    observed: Any = None  # the offending value of this document, when it failed
    details: dict[str, Any] = {}


# --- suites, as (expectation type, column, kwargs) ---------------------------------------

Spec = tuple[str, str, dict[str, Any]]


def _in_set(column: str, values: Iterable[str]) -> Spec:
    return ("ExpectColumnValuesToBeInSet", column, {"value_set": sorted(values)})


def _regex(column: str, regex: str) -> Spec:
    return ("ExpectColumnValuesToMatchRegex", column, {"regex": regex})


def _min(column: str, minimum: float) -> Spec:
    return ("ExpectColumnValuesToBeBetween", column, {"min_value": minimum})


def _common(doc_type: str, threshold: float) -> list[Spec]:
    required = required_fields().get(doc_type, ())
    return [("ExpectColumnValuesToNotBeNull", f, {}) for f in required] + [
        _min(f"{f}__confidence", threshold) for f in required
    ]


def _amounts(fields: Iterable[str], form: str) -> list[Spec]:
    return [s for f in fields for s in (_regex(f, form), _min(f"{f}__num", 0))]


def suite_specs(doc_type: str, threshold: float) -> list[Spec]:
    """The expectations of one document type (receipts share the invoice's value checks)."""
    countries = codes.countries()
    specs = _common(doc_type, threshold)
    if doc_type in ("invoice", "receipt"):
        specs += _amounts(("net_amount", "tax_amount", "total_amount", "amount_due"), AMOUNT)
        specs += _amounts(("gross_weight_kg", "net_weight_kg"), DECIMAL)
        specs += [_regex(f, ISO_DATE) for f in ("issue_date", "due_date", "delivery_date")]
        specs += [_in_set("currency", codes.currencies()), _in_set("incoterms", codes.incoterms())]
        specs += [
            _in_set(f, countries) for f in ("seller_country", "buyer_country", "country_of_origin")
        ]
        specs += [_regex("packages_count", COUNT)]
    elif doc_type == "packing_list":
        specs += _amounts(("gross_weight_kg", "net_weight_kg"), DECIMAL)
        specs += [_regex("packages_count", COUNT), _regex("issue_date", ISO_DATE)]
    elif doc_type == "waybill":
        specs += _amounts(("gross_weight_kg",), DECIMAL)
        specs += [_regex("packages_count", COUNT), _regex("issue_date", ISO_DATE)]
        specs += [_in_set("transport_document_type", TRANSPORT_TYPES), _regex("awb_number", AWB)]
    elif doc_type == "permit":
        specs += [_regex(f, ISO_DATE) for f in ("issue_date", "expiry_date")]
        specs += [_in_set("permit_type", PERMIT_TYPES)]
        specs += [
            _in_set(f, countries)
            for f in ("issuing_country", "country_of_origin", "country_of_destination")
        ]
    return specs


SUITE_TYPES = ("invoice", "receipt", "packing_list", "waybill", "permit")


# --- the batch as a frame ----------------------------------------------------------------


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, list | tuple):
        return None
    return str(value)


def extractions_to_frame(docs: list[Extraction], specs: list[Spec]) -> pd.DataFrame:
    """One row per document; every column a suite names exists (None where not extracted)."""
    columns = sorted({column for _, column, _ in specs})
    rows = []
    for d in docs:
        credit = (
            _scalar(d.fields["invoice_type"].value) == "credit_note"
            if "invoice_type" in d.fields
            else False
        )
        row: dict[str, Any] = {"sha256": d.sha256}
        for c in columns:
            name, _, suffix = c.partition("__")
            fv = d.fields.get(name)
            if suffix == "confidence":
                row[c] = fv.confidence if fv is not None else None
            elif suffix == "num":
                n = to_decimal(_scalar(fv.value)) if fv is not None else None
                # credit notes may print negative amounts: their sign is not an error
                row[c] = None if n is None else float(abs(n) if credit else n)
            elif c == "awb_number":
                kind = d.fields.get("transport_document_type")
                num = d.fields.get("transport_document_number")
                is_awb = kind is not None and kind.value == "AWB"
                row[c] = _scalar(num.value) if is_awb and num is not None else None
            else:
                row[c] = _scalar(fv.value) if fv is not None else None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["sha256", *columns])
    return frame.astype(object).where(frame.notna(), None)


# --- GX, once per process ----------------------------------------------------------------


@cache
def _context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@cache
def _suite_and_batch(doc_type: str, threshold: float) -> tuple[Any, Any]:
    import great_expectations as gx

    context = _context()
    name = f"clearway.{doc_type}.v1@{threshold}"
    source = context.data_sources.add_pandas(name)
    batch_definition = source.add_dataframe_asset(doc_type).add_batch_definition_whole_dataframe(
        "batch"
    )
    suite = gx.ExpectationSuite(name=name)
    for kind, column, kwargs in suite_specs(doc_type, threshold):
        suite.add_expectation(getattr(gx.expectations, kind)(column=column, **kwargs))
    return context.suites.add(suite), batch_definition


class SuiteRun(NamedTuple):
    """One suite's GX result over one batch, kept for Data Docs (validators/data_docs.py)."""

    suite: str
    batch_id: str
    result: Any  # great_expectations ExpectationSuiteValidationResult


def validate_frame(
    doc_type: str, frame: pd.DataFrame, threshold: float, runs: list[SuiteRun] | None = None
) -> list[ExpectationResult]:
    """Per-document results of one suite over a frame; ``runs`` collects the GX result."""
    suite, batch_definition = _suite_and_batch(doc_type, threshold)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["sha256"]},
    )
    if runs is not None:
        runs.append(SuiteRun(suite.name, batch.id, result))
    return [r for res in result.results for r in _per_document(suite.name, res, frame)]


def _per_document(suite: str, res: Any, frame: pd.DataFrame) -> list[ExpectationResult]:
    cfg = res.expectation_config
    column = cfg.kwargs.get("column")
    name = f"{cfg.type}({column})"
    info = res.exception_info or {}
    raised = bool(info.get("raised_exception"))
    bad = {
        u["sha256"]: u.get(column) for u in (res.result or {}).get("unexpected_index_list") or []
    }
    details = {"column": column, "batch_success": bool(res.success)}
    if raised:
        details["exception"] = info.get("exception_message")
    return [
        ExpectationResult(
            sha256=sha,
            suite=suite,
            expectation=name,
            success=not raised and sha not in bad,
            observed=_plain(bad.get(sha)),
            details=details,
        )
        for sha in frame["sha256"]
    ]


def _plain(value: Any) -> Any:
    """numpy scalars and NaN out, so results serialise as JSON."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and value != value else value


def run_suites(
    extractions: Iterable[Extraction], settings: Settings, runs: list[SuiteRun] | None = None
) -> list[ExpectationResult]:
    """Run each document type's suite over its documents in the batch (usable documents only).
    ``runs``, when given, collects each suite's GX result (what Data Docs render)."""
    docs = [e for e in extractions if e.status in ("extracted", "partial")]
    out: list[ExpectationResult] = []
    for doc_type in SUITE_TYPES:
        of_type = sorted((d for d in docs if d.doc_type == doc_type), key=lambda d: d.sha256)
        if not of_type:
            continue
        started = time.perf_counter()
        specs = suite_specs(doc_type, settings.confidence_threshold)
        out += validate_frame(
            doc_type, extractions_to_frame(of_type, specs), settings.confidence_threshold, runs
        )
        log.info(
            "GX suite %s over %d documents: %.0f ms",
            doc_type,
            len(of_type),
            1000 * (time.perf_counter() - started),
        )
    return out


def failures(results: Iterable[ExpectationResult]) -> list[ExpectationResult]:
    return [r for r in results if not r.success]
