from shipment_builders import ex, fv, shipment

from clearway.settings import Settings
from validators.expectations import failures, run_suites

SETTINGS = Settings(confidence_threshold=0.8)


def failed(results):
    return sorted((r.sha256[:6], r.expectation, r.observed) for r in failures(results))


def test_consistent_batch_passes():
    results = run_suites(shipment(), SETTINGS)
    assert results and failures(results) == []
    assert {r.suite.split("@")[0] for r in results} == {
        "clearway.invoice.v1",
        "clearway.waybill.v1",
        "clearway.packing_list.v1",
        "clearway.permit.v1",
    }


def test_failures_are_attributed_to_documents():
    good = shipment()
    bad_inv = ex(
        "bad.pdf",
        "invoice",
        {
            "invoice_number": "X-1",
            "issue_date": "10.03.2026",
            "seller_name": "A",
            "buyer_name": "B",
            "currency": "EUX",
            "total_amount": fv("12,50", 0.5),
        },
    )
    results = run_suites([*good, bad_inv], SETTINGS)
    sha = bad_inv.sha256[:6]
    assert failed(results) == [
        (sha, "expect_column_values_to_be_between(total_amount__confidence)", 0.5),
        (sha, "expect_column_values_to_be_in_set(currency)", "EUX"),
        (sha, "expect_column_values_to_match_regex(issue_date)", "10.03.2026"),
        (sha, "expect_column_values_to_match_regex(total_amount)", "12,50"),
    ]
    per_doc = {r.sha256 for r in results if r.expectation.endswith("(currency)")}
    assert per_doc == {good[0].sha256, bad_inv.sha256}  # one result per document per expectation


def test_missing_required_and_negative_amounts():
    inv = ex(
        "neg.pdf",
        "invoice",
        {
            "invoice_number": "N-1",
            "issue_date": "2026-03-01",
            "seller_name": "A",
            "buyer_name": "B",
            "currency": "EUR",
            "total_amount": "-40.00",
        },
    )
    credit = ex(
        "cn.pdf",
        "invoice",
        {
            "invoice_number": "CN-1",
            "invoice_type": "credit_note",
            "issue_date": "2026-03-01",
            "seller_name": "A",
            "buyer_name": "B",
            "currency": "EUR",
            "total_amount": "-40.00",
        },
    )
    wb = ex(
        "wb.pdf",
        "waybill",
        {"transport_document_type": "AWB", "transport_document_number": "1761234567"},
    )
    names = {(r.sha256, r.expectation) for r in failures(run_suites([inv, credit, wb], SETTINGS))}
    assert (inv.sha256, "expect_column_values_to_be_between(total_amount__num)") in names
    assert not any(s == credit.sha256 for s, _ in names)  # a credit note may be negative
    assert (wb.sha256, "expect_column_values_to_match_regex(awb_number)") in names
    assert (wb.sha256, "expect_column_values_to_not_be_null(consignee_name)") in names


def test_threshold_is_a_parameter():
    docs = shipment(invoice={"currency": fv("USD", 0.85)})
    assert failures(run_suites(docs, SETTINGS)) == []
    strict = failures(run_suites(docs, Settings(confidence_threshold=0.9)))
    assert [r.expectation for r in strict] == [
        "expect_column_values_to_be_between(currency__confidence)"
    ]


def test_failed_documents_are_not_validated():
    assert run_suites([ex("x.pdf", "invoice", {}, status="failed")], SETTINGS) == []


def test_suites_are_built_once_per_process():
    # Building a GX suite costs ~1 s and running one ~35 ms: later batches must reuse them.
    from validators import expectations

    docs = shipment()
    run_suites(docs, SETTINGS)
    built = expectations._suite_and_batch.cache_info().currsize
    run_suites(docs, SETTINGS)
    assert expectations._suite_and_batch.cache_info().currsize == built > 0
    assert expectations._suite_and_batch.cache_info().hits > 0
