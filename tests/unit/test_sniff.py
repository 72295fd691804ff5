"""intake.sniff: type by content, limits, and safe ZIP unpacking."""

from __future__ import annotations

import io
import zipfile

import pytest

from clearway.errors import DocumentRejected
from clearway.settings import Settings
from intake.sniff import sniff, unpack_zip

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
TIFF = b"II*\x00" + b"\x00" * 32


def settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (TIFF, "image/tiff"),
        (zip_of({"a.pdf": PDF}), "application/zip"),
    ],
)
def test_media_type_is_decided_by_content(data: bytes, media_type: str) -> None:
    # The name lies on purpose: only the bytes count.
    assert sniff(data, "scan.docx", settings()).media_type == media_type


def test_empty_file_is_rejected() -> None:
    with pytest.raises(DocumentRejected) as exc:
        sniff(b"", "x.pdf", settings())
    assert exc.value.info.code == "CW101"


def test_too_large_file_is_rejected() -> None:
    with pytest.raises(DocumentRejected) as exc:
        sniff(PDF + b"0" * 100, "x.pdf", settings(max_file_bytes=50))
    assert exc.value.info.code == "CW103"


def test_plain_text_is_unsupported_and_named() -> None:
    with pytest.raises(DocumentRejected) as exc:
        sniff(b"Invoice 4711\nTotal 12.00 EUR\n", "invoice.pdf", settings())
    assert exc.value.info.code == "CW102"
    assert "plain text" in exc.value.info.message


def test_word_document_is_named() -> None:
    docx = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    with pytest.raises(DocumentRejected) as exc:
        sniff(docx, "invoice.pdf", settings())
    assert exc.value.info.code == "CW102"
    assert "Word document" in exc.value.info.message


def test_unpack_skips_directories_and_macos_metadata() -> None:
    data = zip_of({"docs/a.pdf": PDF, "__MACOSX/docs/._a.pdf": b"junk", "docs/.DS_Store": b"x"})
    assert unpack_zip(data, "in.zip", settings()) == [("docs/a.pdf", PDF)]


def test_unpack_one_level_of_nested_zips() -> None:
    inner = zip_of({"b.png": PNG})
    data = zip_of({"a.pdf": PDF, "inner.zip": inner})
    assert unpack_zip(data, "in.zip", settings()) == [("a.pdf", PDF), ("inner.zip/b.png", PNG)]


def test_zip_bomb_is_refused() -> None:
    data = zip_of({"big.pdf": b"0" * 2_000_000})
    with pytest.raises(DocumentRejected) as exc:
        unpack_zip(data, "bomb.zip", settings(max_archive_bytes=1_000_000))
    assert exc.value.info.code == "CW107"


def test_too_many_members_is_refused() -> None:
    data = zip_of({f"{i}.pdf": PDF for i in range(5)})
    with pytest.raises(DocumentRejected) as exc:
        unpack_zip(data, "many.zip", settings(max_archive_members=3))
    assert exc.value.info.code == "CW107"


def test_corrupt_zip_is_bad_archive() -> None:
    with pytest.raises(DocumentRejected) as exc:
        unpack_zip(b"PK\x03\x04garbage-garbage-garbage", "bad.zip", settings())
    assert exc.value.info.code == "CW107"
