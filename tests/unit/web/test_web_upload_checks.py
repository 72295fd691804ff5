"""An upload is checked as a whole by content before anything is stored (pure: no service)."""

from __future__ import annotations

import io
import zipfile

import pytest

from clearway.settings import Settings
from web.refusals import WebRefused
from web.routes_pages import safe_next
from web.uploads import IncomingFile, check_files, new_upload_ref

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4


def settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def refusal(files: list[IncomingFile], **kw: object) -> WebRefused:
    with pytest.raises(WebRefused) as exc:
        check_files(files, settings(**kw))
    return exc.value


def test_acceptable_files_pass() -> None:
    check_files([IncomingFile("a.pdf", PDF), IncomingFile("b.pdf", PDF + b" ")], settings())


def test_renamed_program_and_text_are_refused_by_content_with_each_reason() -> None:
    exc = refusal(
        [
            IncomingFile("invoice.pdf", PDF),
            IncomingFile("invoice2.pdf", EXE),
            IncomingFile("notes.pdf", b"just some text\n" * 20),
        ]
    )
    assert (exc.status, exc.info.code) == (422, "CW809")
    assert [d.code for d in exc.details] == ["CW102", "CW102"]
    assert "invoice2.pdf" in exc.details[0].message
    assert "plain text" in exc.details[1].message


def test_a_bad_file_inside_an_archive_refuses_the_upload() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ok.pdf", PDF)
        z.writestr("setup.pdf", EXE)
    exc = refusal([IncomingFile("docs.zip", buf.getvalue())])
    assert [d.code for d in exc.details] == ["CW102"]
    assert "docs.zip/setup.pdf" in exc.details[0].message


def test_limits_on_count_size_and_emptiness() -> None:
    assert refusal([]).info.code == "CW806"
    many = [IncomingFile(f"{i}.pdf", PDF) for i in range(4)]
    exc = refusal(many, web_max_files=3)
    assert (exc.status, exc.info.code) == (413, "CW807")
    big = refusal([IncomingFile("big.pdf", PDF + b"x" * 2000)], max_file_bytes=1000)
    assert big.details[0].code == "CW103"
    assert refusal([IncomingFile("empty.pdf", b"")]).details[0].code == "CW101"


def test_upload_references_are_random_and_readable() -> None:
    refs = {new_upload_ref() for _ in range(50)}
    assert len(refs) == 50
    assert all(r.startswith("CWU-") and len(r) == 16 for r in refs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/documents", "/documents"),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("", None),
        (None, None),
    ],
)
def test_only_local_paths_are_followed_after_sign_in(
    value: str | None, expected: str | None
) -> None:
    assert safe_next(value) == expected
