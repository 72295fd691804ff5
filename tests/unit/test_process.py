"""process_paths wiring and output form, with extraction replaced by hand-built results."""

import hashlib
import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from shipment_builders import shipment

from clearway import process  # noqa: E402
from clearway.ids import consignment_ref, tracking_ref  # noqa: E402
from clearway.models import Extraction  # noqa: E402
from clearway.settings import Settings  # noqa: E402


@pytest.fixture
def fake_extraction(monkeypatch):
    """Extraction by file name: the shipment's documents, renamed to the name given."""
    docs = {d.file: d for d in shipment()}

    def extract_bytes(data, name, settings):
        base = Path(name).name
        if base in docs:
            return docs[base].model_copy(
                update={"file": name, "sha256": hashlib.sha256(data).hexdigest()}
            )
        return Extraction(file=name, sha256=hashlib.sha256(data).hexdigest(), status="failed")

    def extract_paths(paths, settings, workers=None):
        for p in paths:
            yield extract_bytes(Path(p).read_bytes(), str(p), settings)

    monkeypatch.setattr("extractors.document.extract_bytes", extract_bytes)
    monkeypatch.setattr("extractors.batch.extract_paths", extract_paths)


def write_mail(path: Path, attachments: dict[str, bytes]) -> Path:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "trader@example.com", "customs@example.com", "docs"
    msg["Message-ID"] = "<m1@example.com>"
    msg.set_content("Please find attached.")
    for name, data in attachments.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    path.write_bytes(msg.as_bytes())
    return path


def test_files_and_mail_make_one_consignment(tmp_path, fake_extraction):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "inv.pdf").write_bytes(b"%PDF-inv")
    (tmp_path / "in" / "pl.pdf").write_bytes(b"%PDF-pl")
    (tmp_path / "in" / "other.pdf").write_bytes(b"%PDF-unreadable")
    write_mail(tmp_path / "in" / "mail.eml", {"awb.pdf": b"%PDF-awb", "permit.pdf": b"%PDF-permit"})
    result = process.process_paths([tmp_path / "in"], Settings())
    json.dumps(result)  # serialisable as is

    files = [d["file"] for d in result["documents"]]
    assert files == [
        str(tmp_path / "in" / "inv.pdf"),
        "awb.pdf",
        "permit.pdf",
        str(tmp_path / "in" / "other.pdf"),
        str(tmp_path / "in" / "pl.pdf"),
    ]
    doc = result["documents"][0]
    assert set(doc) == {"file", "document_id", "doc_type", "status", "fields", "errors"}
    assert doc["document_id"] == tracking_ref(hashlib.sha256(b"%PDF-inv").hexdigest())
    assert doc["fields"]["invoice_number"]["value"] == "INV-0042"

    [c] = result["consignments"]  # the failed document is in no consignment
    shas = [
        hashlib.sha256(b).hexdigest()
        for b in (b"%PDF-inv", b"%PDF-pl", b"%PDF-awb", b"%PDF-permit")
    ]
    assert c["id"] == consignment_ref(min(shas))
    assert sorted(c["documents"]) == sorted(
        ["awb.pdf", "permit.pdf", str(tmp_path / "in" / "inv.pdf"), str(tmp_path / "in" / "pl.pdf")]
    )
    assert {
        "from": str(tmp_path / "in" / "inv.pdf"),
        "to": "awb.pdf",
        "reference": "17612345675",
    } in c["links"]
    assert c["complete"] is True and c["missing"] == [] and c["findings"] == []
    assert c["declaration"]["importer_name"]["de"] == "3/15"
    assert set(c) == {"id", "documents", "links", "complete", "missing", "findings", "declaration"}


def test_incomplete_consignment_reports_findings(tmp_path, fake_extraction):
    (tmp_path / "inv.pdf").write_bytes(b"%PDF-inv")
    result = process.process_paths([tmp_path / "inv.pdf"], Settings())
    [c] = result["consignments"]
    assert not c["complete"]
    assert [f["code"] for f in c["findings"]] == ["missing_transport_document"]
    assert c["missing"] == ["transport_document", "finding:missing_transport_document"]


def test_output_keys_exact_and_expectations_on_request(tmp_path, fake_extraction):
    (tmp_path / "inv.pdf").write_bytes(b"%PDF-inv")
    assert set(process.process_paths([tmp_path], Settings())) == {"documents", "consignments"}
    strict = Settings(confidence_threshold=0.99)
    failed = process.process_paths([tmp_path], strict, with_expectations=True)["expectations"]
    assert failed and {f["file"] for f in failed} == {str(tmp_path / "inv.pdf")}
    assert set(failed[0]) == {"file", "suite", "expectation", "observed"}


def test_zip_attachment_members_and_bad_archive(tmp_path, fake_extraction):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("awb.pdf", b"%PDF-awb")
        z.writestr("inv.pdf", b"%PDF-inv")
    eml = write_mail(
        tmp_path / "m.eml", {"docs.zip": buf.getvalue(), "broken.zip": b"PK\x03\x04garbage"}
    )
    result = process.process_paths([eml], Settings())
    by_file = {d["file"]: d for d in result["documents"]}
    assert set(by_file) == {"docs.zip/awb.pdf", "docs.zip/inv.pdf", "broken.zip"}
    assert by_file["broken.zip"]["status"] == "rejected"
    assert by_file["broken.zip"]["errors"][0]["code"] == "CW107"
    assert [c["documents"] for c in result["consignments"]] == [
        ["docs.zip/awb.pdf", "docs.zip/inv.pdf"]
    ]
