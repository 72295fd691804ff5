"""The assessor workbench against the real services: the inbox in risk-then-age order, a
declaration value by value with its source, and decisions and amendments made from the
page, refused (with nothing written) when the declaration is not in the assessor's inbox."""

# The web fixtures live in one module shared by the web tests; importing them makes pytest
# see them, and each test's parameter of the same name then shadows the import (F811).
# ruff: noqa: F811
from __future__ import annotations

import uuid

from storage import declarations as decl_store
from storage.consignments import save_declaration
from storage.db import transaction
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    app,
    assign,
    csrf,
    form_token,
    person,
    seed_consignment,
    signed_in,
    web_settings,
)


def assessor_id() -> str:
    return f"as-{uuid.uuid4().hex[:6]}"


def test_inbox_lists_own_and_pool_work_riskiest_then_oldest(app, web_settings):
    aid = assessor_id()
    trader = signed_in(app, person(web_settings, "trader"))
    older, newer, risky, pooled, other = (
        seed_consignment(web_settings, trader).consignment_ref for _ in range(5)
    )
    for ref in (older, newer, risky):
        assign(web_settings, ref, aid)
    assign(web_settings, pooled, "pool-general", team="textiles", pool=True)
    assign(web_settings, other, "as-someone-else")
    with transaction(web_settings) as conn:  # a riskier latest version
        body = dict(decl_store.get_version(conn, risky)["body"])
        body["risk"] = {"score": 80, "level": "high", "reasons": []}
        assert save_declaration(conn, risky, body, created_by="test", reason="risk") == 2

    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    inbox = client.get("/api/inbox").json()["inbox"]
    assert [r["consignment_ref"] for r in inbox] == [risky, older, newer, pooled]
    assert inbox[0]["risk_level"] == "high" and inbox[3]["pool"] is True
    page = client.get("/inbox")
    assert page.status_code == 200 and other not in page.text
    assert page.text.index(risky) < page.text.index(older) < page.text.index(newer)
    # A pooled declaration says why nobody on the roster took it.
    pooled_row = page.text.split(f">{pooled}<")[1].split("</tr>")[0]
    assert "pool textiles" in pooled_row and "why: assigned by the test" in pooled_row

    nobody = signed_in(app, person(web_settings, "assessor", assessor_id=assessor_id()))
    empty = nobody.get("/inbox")
    assert "Nothing to assess" in empty.text or pooled in empty.text  # the team pool shows


def test_declaration_shows_each_value_with_its_source(app, web_settings):
    aid = assessor_id()
    trader = signed_in(app, person(web_settings, "trader"))
    ref = seed_consignment(web_settings, trader).consignment_ref
    assign(web_settings, ref, aid)
    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    view = client.get(f"/api/declarations/{ref}").json()
    rows = {v["field"]: v for v in view["values"]}
    hs = rows["items.0.hs_code"]
    assert (hs["value"], hs["de"], hs["file"], hs["page"], hs["confidence"]) == (
        "850440", "6/14", "inv.pdf", 1, 0.97,
    )  # fmt: skip
    assert rows["currency"]["value"] == "USD" and view["may_act"] is True
    page = client.get(f"/declarations/{ref}")
    assert page.status_code == 200 and "850440" in page.text and "6/14" in page.text
    assert "Record decision" in page.text
    # Each value is named in words beside its path; the amend form offers the fields an
    # assessor may change (codes and prices), not those a senior assessor must (names).
    assert hs["label"] == "Item 1: Commodity code" and "Item 1: Commodity code" in page.text
    assert {v["field"] for v in view["amendable"]} >= {"items.0.hs_code", "currency"}
    assert "importer_name" not in {v["field"] for v in view["amendable"]}
    assert '<option value="items.0.hs_code">Item 1: Commodity code – now 850440</option>' in (
        page.text
    )


def test_decide_and_amend_from_the_workbench(app, web_settings, outbox):
    aid = assessor_id()
    trader_person = person(web_settings, "trader")
    trader = signed_in(app, trader_person)
    ref = seed_consignment(web_settings, trader).consignment_ref
    assign(web_settings, ref, aid)
    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    token = form_token(client.get(f"/declarations/{ref}").text)
    r = client.post(
        f"/declarations/{ref}/decision",
        data={"csrf_token": token, "decision": "request_documents",
              "requested": "commercial_invoice, packing_list", "note": "signed copies"},
    )  # fmt: skip
    assert (r.status_code, r.headers["location"]) == (303, f"/declarations/{ref}?done=decision")
    requests = trader.get(f"/api/consignments/{ref}").json()["requests"]
    assert requests[-1]["requested"] == ["commercial_invoice", "packing_list"]
    assert any(m["To"] == trader_person.email and ref in m["Subject"] for m in outbox())

    r = client.post(
        f"/api/declarations/{ref}/amendment",
        json={"field": "items.0.hs_code", "value": "6109.10.00", "reason": "T-shirts"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    assert r.json()["change"]["new"] == "61091000"
    with transaction(web_settings) as conn:
        v2 = decl_store.get_version(conn, ref, 2)
    assert (v2["created_by"], v2["role"]) == (aid, "assessor")

    # Refusals of the assessor commands come back coded, and write nothing.
    bad = client.post(
        f"/api/declarations/{ref}/decision",
        json={"decision": "approve"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "CW708"
    not_allowed = client.post(
        f"/api/declarations/{ref}/amendment",
        json={"field": "importer_name", "value": "X", "reason": "r"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert not_allowed.status_code == 422 and not_allowed.json()["error"]["code"] == "CW706"


def test_a_refused_form_shows_the_declaration_with_the_error_and_what_was_typed(app, web_settings):
    aid = assessor_id()
    trader = signed_in(app, person(web_settings, "trader"))
    ref = seed_consignment(web_settings, trader).consignment_ref
    assign(web_settings, ref, aid)
    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    token = form_token(client.get(f"/declarations/{ref}").text)
    typed = {"field": "importer_name", "value": "Someone Else BV", "reason": "Renamed"}
    r = client.post(f"/declarations/{ref}/amendment", data={**typed, "csrf_token": token})
    assert r.status_code == 422
    assert "Not saved:" in r.text and "(CW706)" in r.text and 'href="#amend"' in r.text
    assert 'value="Someone Else BV"' in r.text and 'value="Renamed"' in r.text
    assert "Values and where they came from" in r.text  # the declaration, not an error page
    note = "The certificate is unsigned."
    r = client.post(
        f"/declarations/{ref}/decision",
        data={"decision": "request_documents", "note": note, "csrf_token": token},
    )
    assert (
        r.status_code == 422 and "(CW709)" in r.text and "in the workbench one per line" in r.text
    )
    assert (
        f">{note}</textarea>" in r.text and 'value="request_documents" required checked' in r.text
    )
    with transaction(web_settings) as conn:
        assert decl_store.get_version(conn, ref, 2) is None  # nothing written
    # A refusal about the declaration itself keeps the error page.
    r = client.post("/declarations/CWC-0000-0000-00/amendment", data={**typed, "csrf_token": token})
    assert r.status_code == 404 and "Values and where they came from" not in r.text


def test_an_assessor_cannot_act_outside_their_inbox(app, web_settings):
    trader = signed_in(app, person(web_settings, "trader"))
    ref = seed_consignment(web_settings, trader).consignment_ref
    assign(web_settings, ref, "as-owner")
    client = signed_in(app, person(web_settings, "assessor", assessor_id=assessor_id()))
    page = client.get(f"/declarations/{ref}")
    assert page.status_code == 200 and "Record decision" not in page.text
    r = client.post(
        f"/api/declarations/{ref}/decision",
        json={"decision": "accept"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "CW812"
    assert "as-owner" in r.json()["error"]["message"]
    with transaction(web_settings) as conn:
        assert [d["decision"] for d in decl_store.list_decisions(conn, ref)] == [
            "request_documents"  # the seed's, nothing more
        ]
    missing = client.get("/api/declarations/CWC-0000-0000-00")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "CW701"


def seed_with_sources(settings, client) -> tuple[str, dict[str, str]]:
    """A consignment whose documents carry the file names the declaration's values cite
    (inv.pdf, awb.pdf), so that each value links to its page. (ref, {name: document_ref})."""
    from shipment_builders import shipment

    from clearway.ids import consignment_ref
    from declarations.prepare import prepare_consignment
    from storage.consignments import save_consignment
    from storage.db import fetch_all
    from tests.integration.web_fixtures import pdf, upload
    from validators.consignment import CheckParams

    r = upload(client, [("inv.pdf", pdf("invoice")), ("awb.pdf", pdf("waybill"))])
    assert r.status_code == 201, r.text
    names = {f["document_ref"]: f["name"] for f in r.json()["files"]}
    with transaction(settings) as conn:
        rows = fetch_all(
            conn,
            "SELECT sha256, document_ref FROM documents WHERE document_ref = ANY(%s)",
            (list(names),),
        )
        shas = [row["sha256"] for row in rows]
        ref = consignment_ref(sorted(shas)[0])
        finding = {"code": "totals_mismatch", "severity": "error", "documents": shas[:1],
                   "fields": ["total_amount"], "message": "The total is not the sum."}  # fmt: skip
        save_consignment(conn, ref, shas, findings=[finding], complete=True)
        prepared = prepare_consignment(
            shipment(), CheckParams(), lambda d: decl_store.trader_history(conn, ref, d)
        )
        save_declaration(conn, ref, prepared.declaration)
    return ref, {name: doc for doc, name in names.items()}


def test_each_value_links_to_its_page_with_its_box(app, web_settings):
    aid = assessor_id()
    trader = signed_in(app, person(web_settings, "trader"))
    ref, docs = seed_with_sources(web_settings, trader)
    assign(web_settings, ref, aid)
    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    rows = {v["field"]: v for v in client.get(f"/api/declarations/{ref}").json()["values"]}
    hs = rows["items.0.hs_code"]
    assert (hs["document_ref"], hs["page"], hs["bbox"]) == (docs["inv.pdf"], 1, [10, 20, 110, 30])
    assert hs["scale"] == 110 / 72 and hs["findings"] == []
    assert rows["total_amount"]["findings"] == ["totals_mismatch"]

    page = client.get(f"/declarations/{ref}").text
    plain = f"/documents/{docs['inv.pdf']}/pages/1.png"
    assert f'data-page-src="{plain}"' in page and 'data-bbox="10.0,20.0,110.0,30.0"' in page
    assert "finding: totals mismatch" in page and "/static/source_view.js" in page
    assert "Version history" in page and "Import VAT" in page

    image = client.get(plain)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    boxed = client.get(f"{plain}?box=10,20,110,30&label=items.0.hs_code")
    assert boxed.status_code == 200 and boxed.content != image.content
    assert client.get(plain).content == image.content  # from the cache, the same bytes
    beyond = client.get(f"/documents/{docs['inv.pdf']}/pages/9.png")
    assert beyond.status_code == 404
    assert f"There is no page 9 of {docs['inv.pdf']} that you can see." in beyond.text
    assert client.get("/documents/D-NOPE/pages/1.png").status_code == 404

    # Traders see pages of their own company's documents only; nobody else's exist.
    assert trader.get(plain).status_code == 200
    stranger = signed_in(app, person(web_settings, "trader"))
    assert stranger.get(plain).status_code == 404


def test_amendment_shows_in_the_history_with_recalculated_duties(app, web_settings):
    aid = assessor_id()
    trader = signed_in(app, person(web_settings, "trader"))
    ref, _ = seed_with_sources(web_settings, trader)
    assign(web_settings, ref, aid)
    client = signed_in(app, person(web_settings, "assessor", assessor_id=aid))
    before = client.get(f"/api/declarations/{ref}").json()
    r = client.post(
        f"/declarations/{ref}/amendment",
        data={"csrf_token": form_token(client.get(f"/declarations/{ref}").text),
              "field": "items.0.hs_code", "value": "6109.10.00", "reason": "T-shirts"},
    )  # fmt: skip
    assert r.status_code == 303
    after = client.get(f"/api/declarations/{ref}").json()
    assert [v["version"] for v in after["versions"]] == [1, 2]
    assert after["versions"][1]["changes"][0]["new"] == "61091000"
    assert after["duties"]["totals"] != before["duties"]["totals"]
    page = client.get(f"/declarations/{ref}").text
    change = 'Item 1: Commodity code <span class="code">items.0.hs_code</span>: 850440 → 61091000'
    assert change in page and "T-shirts" in page
    # The duties table counts items from 1, as the value labels do (the data holds index 0).
    per_item = page.split("<caption>Per item</caption>")[1].split("</table>")[0]
    assert "<tr><td>1</td><td>61091000</td>" in per_item and "<td>0</td>" not in per_item
