"""Linking as the DAG runs it (clearway.tasks) on the real PostgreSQL: a document that fits
two consignments is stored as an ambiguous_link finding and stays out of both, and a later
linking sweep keeps the validation findings the hand-off recorded."""

from __future__ import annotations

import pytest
from shipment_builders import PACKING, ex

from clearway.settings import Settings
from tests.integration import test_handoff_outbox as base

pytestmark = pytest.mark.integration
fresh = base.fresh  # the fixture: a database of this test's own, clearway.tasks pointed at it


def _store(settings: Settings, *docs) -> None:
    from storage.db import transaction
    from storage.documents import save_extraction, upsert_document

    with transaction(settings) as conn:
        for d in docs:
            upsert_document(
                conn, sha256=d.sha256, size_bytes=1, raw_key=f"raw/{d.sha256}", original_name=d.file
            )
            save_extraction(conn, d)


def _findings(settings: Settings) -> dict[str, list[str]]:
    from storage.db import fetch_all, transaction

    with transaction(settings) as conn:
        rows = fetch_all(conn, "SELECT consignment_ref, code FROM findings ORDER BY code")
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["consignment_ref"], []).append(r["code"])
    return out


def test_a_document_citing_two_shipments_is_a_finding_not_a_guess(fresh: Settings) -> None:
    from clearway import tasks
    from storage.consignments import consignment_of
    from storage.db import fetch_one, transaction

    base.store_shipment(fresh, 1)
    base.store_shipment(fresh, 2)
    both = ex(
        "pl-both.pdf",
        "packing_list",
        {**PACKING, "packing_list_number": "PL-7777", "invoice_refs": ["INV-0001", "INV-0002"]},
        refs=[("invoice", "INV-0001", "invoice_refs"), ("invoice", "INV-0002", "invoice_refs")],
    )
    _store(fresh, both)

    tasks.hand_off(tasks.link_documents())

    with transaction(fresh) as conn:
        own = consignment_of(conn, both.sha256)
        invoice_home = {
            consignment_of(conn, r["sha256"])
            for r in [fetch_one(conn, "SELECT sha256 FROM documents WHERE original_name = %s", (f,))
                      for f in ("invoice-1.pdf", "invoice-2.pdf")]
        }  # fmt: skip
        event = fetch_one(
            conn,
            "SELECT detail FROM document_events WHERE sha256 = %s ORDER BY id DESC LIMIT 1",
            (both.sha256,),
        )
    assert own not in invoice_home and len(invoice_home) == 2
    assert "ambiguous_link" in _findings(fresh)[own]
    assert event["detail"]["ambiguous_link"]  # the steward sees why it stopped


def test_a_later_linking_sweep_keeps_validation_findings(fresh: Settings) -> None:
    from clearway import tasks

    # A gross weight below the net weight: the hand-off records a weight_mismatch.
    base.store_shipment(fresh, 3, gross_weight_kg="1", net_weight_kg="900")
    tasks.hand_off(tasks.link_documents())
    before = _findings(fresh)
    assert any("weight_mismatch" in codes for codes in before.values())

    tasks.link_documents()  # the sweep runs again with nothing new
    assert _findings(fresh) == before
