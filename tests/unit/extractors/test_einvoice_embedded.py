"""Finding the e-invoice XML in a PDF or a bare upload, and refusing hostile input without
raising."""

from __future__ import annotations

import io
import time
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.einvoice import (
    EInvoiceXmlError,
    embedded_xml,
    read_einvoice,
    standalone_xml,
    xml_bytes_to_einvoice,
)

FIXTURES = Path(__file__).parent / "fixtures" / "einvoice"
CII = (FIXTURES / "cii_extended.xml").read_bytes()
UBL = (FIXTURES / "ubl_invoice.xml").read_bytes()
ZF1 = (FIXTURES / "zugferd1_creditnote.xml").read_bytes()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">
&lol4;</rsm:CrossIndustryInvoice>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&xxe;</Invoice>"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_pdf(*attachments: tuple[str, bytes]) -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    for name, data in attachments:
        pdf.new_attachment(name).set_data(data)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def raw_pdf(attachment: bytes, *, names: bool = True, cycle: bool = False) -> bytes:
    """A hand-written PDF whose one embedded file is ``attachment`` (already encoded, with
    FlateDecode), listed in the EmbeddedFiles name tree and/or the catalog's /AF array; with
    ``cycle``, the name tree's root lists itself as a kid."""
    tree = "<< /Names [(factur-x.xml) 4 0 R] /Kids [6 0 R] >>" if cycle else "6 0 R"
    catalog = "<< /Type /Catalog /Pages 2 0 R /AF [4 0 R]"
    catalog += f" /Names << /EmbeddedFiles {tree} >> >>" if names else " >>"
    objects = [
        catalog.encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d >>\nstream\n" % len(attachment)
        + attachment
        + b"\nendstream",
        b"<< /Names [(factur-x.xml) 4 0 R] /Kids [6 0 R] >>",  # a name tree node listing itself
    ]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def deflated_spaces(n_mib: int) -> bytes:
    deflate, chunk = zlib.compressobj(9), b" " * (1 << 20)
    return (
        deflate.compress(b"<a>")
        + b"".join(deflate.compress(chunk) for _ in range(n_mib))
        + deflate.flush()
    )


@pytest.mark.parametrize(
    ("name", "data", "syntax"),
    [
        ("factur-x.xml", CII, "cii"),
        ("ZUGFeRD-invoice.xml", ZF1, "zugferd1"),
        ("xrechnung.xml", UBL, "ubl"),
        ("rechnung-data.bin", CII, "cii"),  # any name: the root element decides
    ],
)
def test_finds_the_attached_invoice(name: str, data: bytes, syntax: str) -> None:
    found = embedded_xml(make_pdf(("logo.png", PNG), (name, data)))
    assert found is not None
    assert (found.name, found.syntax, found.data) == (name, syntax, data)


def test_a_known_name_wins_over_another_xml() -> None:
    found = embedded_xml(make_pdf(("aaa-copy.xml", UBL), ("factur-x.xml", CII)))
    assert found is not None and found.name == "factur-x.xml"


def test_reads_what_it_found() -> None:
    found = embedded_xml(make_pdf(("factur-x.xml", CII)))
    assert found is not None
    assert read_einvoice(found).fields["invoice_number"].value == "EX 2026-118"


@pytest.mark.parametrize(
    "pdf",
    [
        b"",
        b"not a pdf at all",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<",  # truncated
        make_pdf(),  # no attachment
        make_pdf(("factur-x.xml", PNG)),  # not XML under the right name
        make_pdf(("factur-x.xml", b"<Invoice><unclosed></Invoice>")),  # malformed
        make_pdf(("factur-x.xml", b"<Order xmlns='urn:x'/>")),  # XML, but no invoice
        make_pdf(("factur-x.xml", BILLION_LAUGHS)),  # entity expansion
        make_pdf(("factur-x.xml", XXE)),  # external entity
        make_pdf(("factur-x.xml", b"")),  # empty attachment
    ],
    ids=[
        "empty",
        "not-pdf",
        "truncated",
        "no-attachment",
        "png",
        "malformed",
        "other-xml",
        "billion-laughs",
        "xxe",
        "empty-attachment",
    ],
)
def test_hostile_or_irrelevant_pdfs_give_none(pdf: bytes) -> None:
    assert embedded_xml(pdf) is None


def test_a_bomb_does_not_hide_the_real_invoice() -> None:
    found = embedded_xml(make_pdf(("factur-x.xml", BILLION_LAUGHS), ("invoice.xml", CII)))
    assert found is not None and found.name == "invoice.xml"


@pytest.mark.parametrize(
    "pdf",
    [raw_pdf(zlib.compress(CII)), raw_pdf(zlib.compress(CII), names=False)],
    ids=["name-tree", "associated-files-only"],
)
def test_finds_flate_encoded_attachments(pdf: bytes) -> None:
    found = embedded_xml(pdf)
    assert found is not None and (found.name, found.syntax) == ("factur-x.xml", "cii")


def test_a_name_tree_cycle_ends() -> None:
    found = embedded_xml(raw_pdf(zlib.compress(CII), cycle=True))
    assert found is not None and found.syntax == "cii"


def test_a_deflate_bomb_is_not_inflated() -> None:
    pdf = raw_pdf(deflated_spaces(64))  # ~64 KB that inflate to 64 MiB
    assert len(pdf) < 1024 * 1024
    start = time.perf_counter()
    assert embedded_xml(pdf) is None
    assert time.perf_counter() - start < 2.0  # inflation stops at the 5 MB limit


def test_attachments_over_the_size_limit_are_skipped() -> None:
    pdf = make_pdf(("factur-x.xml", CII))
    assert embedded_xml(pdf, max_bytes=len(CII) - 1) is None
    assert embedded_xml(pdf, max_bytes=len(CII)) is not None


def test_default_limit_is_5_mb() -> None:
    padded = CII.replace(b"</rsm:CrossIndustryInvoice>", b" " * (5 * 1024 * 1024))
    padded += b"</rsm:CrossIndustryInvoice>"
    assert embedded_xml(make_pdf(("factur-x.xml", padded))) is None


# ---------------------------------------------------------------- bare XML uploads


@pytest.mark.parametrize(
    ("data", "syntax"),
    [
        (UBL, "ubl"),
        (CII, "cii"),
        (ZF1, "zugferd1"),
        (b"\xef\xbb\xbf" + UBL, "ubl"),  # UTF-8 byte order mark
        (UBL.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "ubl"),
    ],
    ids=["ubl", "cii", "zugferd1", "bom", "utf16"],
)
def test_standalone_xml(data: bytes, syntax: str) -> None:
    found = standalone_xml(data, "upload.xml")
    assert found is not None and (found.syntax, found.name) == (syntax, "upload.xml")


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7", b"<html><body>invoice</body></html>", BILLION_LAUGHS, XXE, PNG],
    ids=["empty", "pdf", "html", "billion-laughs", "xxe", "png"],
)
def test_standalone_non_invoices_give_none(data: bytes) -> None:
    assert standalone_xml(data) is None


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_reading_unsafe_xml_directly_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(EInvoiceXmlError, match="DTD, entities or external references"):
        xml_bytes_to_einvoice(data)
