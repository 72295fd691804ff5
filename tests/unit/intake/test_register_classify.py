"""The pure verdict register_file acts on: received, rejected with a code, or unpacked."""

from __future__ import annotations

import io
import zipfile

from clearway.settings import Settings
from intake.register import RECEIVED, REJECTED, UNPACKED, RegisteredDocument, classify

S = Settings(max_file_bytes=10_000)
PDF = b"%PDF-1.4\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_pdf_is_received():
    assert classify(PDF, "a.pdf", S) == (RECEIVED, "application/pdf", None, None)


def test_empty_file_is_rejected_with_cw101():
    status, _, info, _ = classify(b"", "empty.pdf", S)
    assert status == REJECTED and info is not None and info.code == "CW101"


def test_too_large_is_rejected_with_cw103():
    status, media_type, info, _ = classify(PDF + b"x" * 20_000, "big.pdf", S)
    assert (status, media_type, info.code) == (REJECTED, "application/pdf", "CW103")


def test_zip_is_unpacked_into_members():
    status, media_type, info, members = classify(_zip({"a.pdf": PDF, "b.txt": b"hi"}), "d.zip", S)
    assert (status, media_type, info) == (UNPACKED, "application/zip", None)
    assert members == [("a.pdf", PDF), ("b.txt", b"hi")]


def test_corrupt_zip_is_rejected_with_cw107():
    status, _, info, _ = classify(b"PK\x03\x04" + b"\x00" * 50, "bad.zip", S)
    assert status == REJECTED and info.code == "CW107"


def test_leaves_skip_archives():
    leaf = RegisteredDocument("1", "CWD-1", RECEIVED, "a.pdf")
    bad = RegisteredDocument("2", "CWD-2", REJECTED, "b.txt")
    archive = RegisteredDocument("3", "CWD-3", UNPACKED, "d.zip", members=(leaf, bad))
    empty = RegisteredDocument("4", "CWD-4", UNPACKED, "e.zip")
    assert list(archive.leaves()) == [leaf, bad]
    assert list(empty.leaves()) == []
