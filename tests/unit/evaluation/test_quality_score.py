"""The quality bar's scoring: a pure function of the shipments' truth and the process output."""

from pathlib import Path

from evaluation.quality import report_lines, score

ROOT = Path("/corpus")


def shipment(sid, docs, findings=(), defect=None):
    s = {
        "id": sid,
        "documents": [f"docs/{d}" for d in docs],
        "consignment": {"findings": list(findings)},
    }
    if defect:
        s["defect"] = {"kind": defect, "what": "…"}
    return s


def consignment(docs, codes=()):
    return {
        "id": "CWC-" + docs[0],
        "documents": [f"/corpus/docs/{d}" for d in docs],
        "findings": [{"code": c} for c in codes],
    }


def result(*consignments, failed=()):
    files = [f for c in consignments for f in c["documents"]]
    docs = [{"file": f, "status": "extracted"} for f in files]
    docs += [{"file": f"/corpus/docs/{d}", "status": "failed"} for d in failed]
    return {"documents": docs, "consignments": list(consignments)}


SHIPMENTS = [
    shipment("a", ["a1", "a2"], ["total_mismatch"], "wrong_totals"),
    shipment("b", ["b1", "b2"], ["permit_expired"], "expired_permit"),
    shipment("c", ["c1", "c2"]),
    shipment("d", ["d1", "d2"]),
]


def test_all_right():
    q = score(
        SHIPMENTS,
        result(
            consignment(["a1", "a2"], ["total_mismatch", "low_confidence"]),
            consignment(["b1", "b2"], ["permit_expired"]),
            consignment(["c1", "c2"]),
            consignment(["d1", "d2"], ["low_confidence"]),
        ),
        ROOT,
    )
    assert (q["linking_share"], q["defect_recall"], q["false_finding_share"]) == (1.0, 1.0, 0.0)
    assert [t["met"] for t in q["targets"]] == [True, True, True]
    assert q["review_codes"] == {"low_confidence": 2}  # asked for review, not counted
    assert q["per_defect"]["wrong_totals"] == {
        "shipments": 1,
        "detected": 1,
        "exact": 1,
        "recall": 1.0,
    }


def test_misses_false_findings_and_misplaced_documents():
    q = score(
        SHIPMENTS,
        result(
            consignment(["a1", "a2"], ["total_mismatch", "party_mismatch"]),
            consignment(["b1"]),
            consignment(["c1", "c2", "b2"]),  # b2 landed in c's consignment
            failed=["d2"],
        ),
        ROOT,
    )
    assert q["linking_share"] == 2 / 8  # a1, a2 only: b and c are mixed, d1/d2 never grouped
    assert q["defect_recall"] == 0.5
    assert q["per_defect"]["wrong_totals"]["exact"] == 0  # detected, with an extra finding
    assert q["false_finding_share"] == 0.0  # the clean shipments raised nothing
    rows = {r["id"]: r for r in q["shipments_detail"]}
    assert rows["b"]["missed"] == ["permit_expired"]
    assert rows["a"]["unexpected"] == ["party_mismatch"]
    assert rows["d"]["failed"] == ["docs/d2"]
    assert [t["met"] for t in q["targets"]] == [False, False, True]
    text = "\n".join(report_lines(q))
    assert "b (expired_permit): misplaced b1, b2; missed permit_expired" in text
    assert "defect-finding recall" in text and "NO" in text


def test_a_finding_on_a_clean_shipment_counts():
    q = score(
        SHIPMENTS[2:],
        result(consignment(["c1", "c2"], ["weight_mismatch"]), consignment(["d1", "d2"])),
        ROOT,
    )
    assert q["false_finding_share"] == 0.5
    assert q["defect_recall"] is None and q["targets"][1]["met"] is False
    assert q["unexpected_codes"] == {"weight_mismatch": 1}
