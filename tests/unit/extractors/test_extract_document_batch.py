"""extract_bytes never raises for a bad document; extract_paths walks, unpacks, keeps the
order and times out."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from clearway.settings import Settings
from extractors import document
from extractors.batch import extract_paths
from extractors.document import extract_bytes


def invoice_pdf(number: str = "INV-2026/0042", encrypt: bool = False) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0) if encrypt else None)
    lines = [
        (40, 800, "Commercial Invoice"),
        (40, 760, f"Invoice No.: {number}"),
        (40, 745, "Invoice Date: 14.03.2026"),
        (40, 730, "Seller: Kraxi GmbH"),
        (40, 715, "Currency: EUR"),
        (300, 600, "Total: 1.234,50 EUR"),
    ]
    for x, y, text in lines:
        c.drawString(x, y, text)
    c.save()
    return buf.getvalue()


def settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def test_text_pdf_is_extracted_with_provenance() -> None:
    data = invoice_pdf()
    ex = extract_bytes(data, "inbox/a.pdf", settings())
    assert ex.doc_type == "invoice" and ex.subtype == "commercial"
    assert ex.status == "extracted", ex.errors
    assert ex.fields["invoice_number"].value == "INV-2026/0042"
    assert ex.fields["total_amount"].value == "1234.50"
    assert ex.fields["issue_date"].value == "2026-03-14"
    assert ex.fields["invoice_number"].page == 1 and ex.fields["invoice_number"].bbox is not None
    assert [(r.kind, r.value) for r in ex.references] == [("invoice", "INV-2026/0042")]
    assert ex.page_sources == ("text",) and ex.media_type == "application/pdf"
    out = ex.output()
    assert set(out) == {
        "file",
        "sha256",
        "doc_type",
        "status",
        "errors",
        "fields",
        "line_items",
        "references",
    }


def test_encrypted_pdf_is_rejected() -> None:
    ex = extract_bytes(invoice_pdf(encrypt=True), "locked.pdf", settings())
    assert ex.status == "rejected" and ex.errors[0].code == "CW105"


def test_corrupt_pdf_is_rejected() -> None:
    ex = extract_bytes(b"%PDF-1.7\n garbage that is no pdf", "broken.pdf", settings())
    assert ex.status == "rejected" and ex.errors[0].code == "CW104"


def test_zip_is_not_a_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.pdf", invoice_pdf())
    ex = extract_bytes(buf.getvalue(), "bundle.zip", settings())
    assert (
        ex.status == "rejected"
        and ex.errors[0].code == "CW102"
        and "unpack" in ex.errors[0].message
    )


def test_text_file_is_rejected_not_raised() -> None:
    ex = extract_bytes(b"hello", "note.pdf", settings())
    assert ex.status == "rejected" and ex.errors[0].code == "CW102"


def test_too_many_pages() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(3):
        c.drawString(40, 800, "Invoice No. 1")
        c.showPage()
    c.save()
    ex = extract_bytes(buf.getvalue(), "long.pdf", settings(max_pages=2))
    assert ex.status == "rejected" and ex.errors[0].code == "CW106"


def test_batch_walks_unpacks_and_keeps_order(tmp_path: Path) -> None:
    (tmp_path / "b.pdf").write_bytes(invoice_pdf("B-2"))
    (tmp_path / "a.pdf").write_bytes(invoice_pdf("A-1"))
    (tmp_path / ".hidden.pdf").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as zf:
        zf.writestr("inner/c1.pdf", invoice_pdf("C-1"))
        zf.writestr("__MACOSX/inner/._c1.pdf", b"junk")
    results = list(extract_paths([tmp_path], settings(), workers=2))
    assert [Path(r.file).relative_to(tmp_path).as_posix() for r in results] == [
        "a.pdf",
        "b.pdf",
        "c.zip/inner/c1.pdf",
    ]
    assert [r.fields["invoice_number"].value for r in results] == ["A-1", "B-2", "C-1"]


def test_a_slow_document_times_out_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = document.extract_bytes

    def slow_for_a(data: bytes, name: str, s: Settings):  # type: ignore[no-untyped-def]
        if name.endswith("a.pdf"):
            time.sleep(5)
        return real(data, name, s)

    monkeypatch.setattr(document, "extract_bytes", slow_for_a)
    (tmp_path / "a.pdf").write_bytes(invoice_pdf())
    (tmp_path / "b.pdf").write_bytes(invoice_pdf())
    started = time.monotonic()
    results = list(extract_paths([tmp_path], settings(document_timeout_s=0.5), workers=1))
    assert time.monotonic() - started < 4
    assert results[0].status == "failed" and results[0].errors[0].code == "CW203"
    assert results[1].status == "extracted"


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork",
    reason="the monkeypatched hang reaches workers only when they are forked",
)
def test_a_hung_worker_is_killed_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from extractors import batch

    real = document.extract_bytes

    def hang_for_a(data: bytes, name: str, s: Settings):  # type: ignore[no-untyped-def]
        if name.endswith("a.pdf"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # deaf to its alarm
            time.sleep(30)
        return real(data, name, s)

    monkeypatch.setattr(document, "extract_bytes", hang_for_a)  # workers are forked: they see it
    monkeypatch.setattr(batch, "GRACE_S", 0.5)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (tmp_path / name).write_bytes(invoice_pdf())
    started = time.monotonic()
    results = list(extract_paths([tmp_path], settings(document_timeout_s=1.0), workers=2))
    assert time.monotonic() - started < 15
    assert [r.status for r in results] == ["failed", "extracted", "extracted"]
    assert results[0].errors[0].code == "CW203"
