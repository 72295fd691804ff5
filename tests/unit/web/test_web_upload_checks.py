"""An upload is checked as a whole by content before anything is stored (pure: no service)."""

from __future__ import annotations

import io
import zipfile

import pytest

from clearway.settings import Settings
from tests.pdf_factory import make_pdf
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


# --- page and pixel limits (extraction's, checked before anything is stored) ---------------


def pages_pdf(n: int) -> bytes:
    return make_pdf(*(f"page {i + 1}" for i in range(n)))


def image(fmt: str, size: tuple[int, int], frames: int = 1) -> bytes:
    from PIL import Image

    pages = [Image.new("1", size, 1) for _ in range(frames)]
    buf = io.BytesIO()
    pages[0].save(buf, fmt, save_all=frames > 1, append_images=pages[1:])
    return buf.getvalue()


def test_a_pdf_over_the_page_limit_is_refused_by_name_and_count() -> None:
    check_files([IncomingFile("three.pdf", pages_pdf(3))], settings(max_pages=3))
    exc = refusal(
        [IncomingFile("ok.pdf", pages_pdf(1)), IncomingFile("long.pdf", pages_pdf(4))],
        max_pages=3,
    )
    assert (exc.status, exc.info.code) == (422, "CW809")
    assert [d.code for d in exc.details] == ["CW106"]
    assert exc.details[0].message.startswith("The file long.pdf has 4 pages, over the limit of 3")


def test_the_page_limit_holds_inside_an_archive_and_for_tiff_frames() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("long.pdf", pages_pdf(3))
    exc = refusal([IncomingFile("docs.zip", buf.getvalue())], max_pages=2)
    assert [d.code for d in exc.details] == ["CW106"]
    assert "docs.zip/long.pdf" in exc.details[0].message
    tiff = image("TIFF", (50, 50), frames=3)
    check_files([IncomingFile("scan.tif", tiff)], settings(max_pages=3))
    exc = refusal([IncomingFile("scan.tif", tiff)], max_pages=2)
    assert [d.code for d in exc.details] == ["CW106"]
    assert "more than 2" in exc.details[0].message


def test_an_image_page_over_the_pixel_limit_is_refused() -> None:
    from extractors.ocr import MAX_PAGE_PIXELS

    side = int(MAX_PAGE_PIXELS**0.5) + 100  # a few kB as PNG, ~90 megapixels decoded
    huge = image("PNG", (side, side))
    assert len(huge) < 200_000
    exc = refusal([IncomingFile("poster.png", huge)])
    assert [d.code for d in exc.details] == ["CW108"]
    assert f"{side} x {side} pixels" in exc.details[0].message
    check_files([IncomingFile("a4.png", image("PNG", (2480, 3508)))], settings())


def test_files_the_limits_cannot_open_are_left_to_extraction() -> None:
    # A damaged PDF (no page tree) passes here and is rejected with its own code when read.
    check_files([IncomingFile("odd.pdf", PDF)], settings(max_pages=1))
    truncated = image("PNG", (100, 100))[:40]
    check_files([IncomingFile("cut.png", truncated)], settings())


def test_a_password_protected_pdf_is_refused_at_upload_with_cw105() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "COMMERCIAL INVOICE")
    c.save()
    exc = refusal(
        [IncomingFile("ok.pdf", pages_pdf(1)), IncomingFile("locked.pdf", buf.getvalue())]
    )
    assert (exc.status, exc.info.code) == (422, "CW809")
    assert [d.code for d in exc.details] == ["CW105"]
    assert "locked.pdf is password-protected. Send a copy without a password" in (
        exc.details[0].message
    )
