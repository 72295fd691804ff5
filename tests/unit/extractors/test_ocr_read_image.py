"""Image intake limits, parallel pages and Tesseract output parsing (no Tesseract run here; the
real engine is exercised in tests/integration/test_ocr_scans.py)."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from clearway.errors import DocumentRejected
from clearway.models import Word
from clearway.settings import load_settings
from extractors import ocr, read_image, tesseract_api
from extractors.document import extract_bytes


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost no pixel data (a decompression bomb's
    header, without the bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [30000, 10000])
def test_huge_images_are_rejected_before_decoding(side: int) -> None:
    started = time.monotonic()
    extraction = extract_bytes(png_header_only(side, side), "bomb.png", load_settings())
    assert time.monotonic() - started < 2.0
    assert extraction.status == "rejected"
    assert [(e.code, e.name) for e in extraction.errors] == [("CW108", "image_too_large")]
    assert "megapixels" in extraction.errors[0].message


def test_too_many_frames_are_refused() -> None:
    frames = [Image.new("L", (20, 20), 255) for _ in range(3)]
    tiff = io.BytesIO()
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(DocumentRejected) as caught:
        read_image.image_to_pages(tiff.getvalue(), "many.tif", load_settings(max_pages=2))
    assert caught.value.info.code == "CW106"


def test_garbage_is_a_corrupt_image() -> None:
    with pytest.raises(DocumentRejected) as caught:
        read_image.image_to_pages(b"\x89PNG\r\n\x1a\nnot really", "bad.png", load_settings())
    assert caught.value.info.code == "CW104"


def fake_page_words(
    image: Image.Image, languages: str, file: str, page: int, dpi: float | None = None
) -> ocr.PageWords:
    word = Word(text=f"p{page}", x0=1, top=2, x1=3, bottom=4, confidence=0.9)
    return ocr.PageWords(words=(word,), width=image.width, height=image.height)


def test_pages_come_back_in_order_from_parallel_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "page_image_to_words", fake_page_words)
    images = (Image.new("L", (10 + i, 10), 255) for i in range(7))
    results = ocr.images_to_words(images, "eng", "doc.tif", workers=2)
    assert [r.words[0].text for r in results] == [f"p{i}" for i in range(1, 8)]
    assert [r.width for r in results] == [10 + i for i in range(7)]


def test_a_failing_page_stops_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "page_image_to_words", fake_page_words)

    def frames():  # noqa: ANN202
        yield Image.new("L", (10, 10), 255)
        raise DocumentRejected(read_image.corrupt_info("doc.tif", OSError("truncated")))

    with pytest.raises(DocumentRejected):
        ocr.images_to_words(frames(), "eng", "doc.tif", workers=2)


def test_page_words_become_a_page_in_the_unit_asked_for() -> None:
    word = Word(text="x", x0=300, top=600, x1=330, bottom=630, confidence=0.9)
    result = ocr.PageWords(words=(word,), width=2480, height=3508, rotation=90)
    assert result.to_page(1).width == 2480 and result.to_page(1).unit == "px"
    in_points = result.to_page(2, factor=72 / 300, unit="pt")
    assert (in_points.number, in_points.unit, in_points.source) == (2, "pt", "ocr")
    assert in_points.words[0].x0 == pytest.approx(72.0)
    assert in_points.width == pytest.approx(595.2)


def test_render_scale_keeps_oversized_pdf_pages_within_the_pixel_limit() -> None:
    assert ocr.render_scale(595, 842, 300) == pytest.approx(300 / 72)
    scale = ocr.render_scale(14400, 14400, 300)  # a 200-inch MediaBox
    assert (14400 * scale) ** 2 <= ocr.MAX_PAGE_PIXELS * 1.001


def test_tesseract_tsv_and_confidences() -> None:
    tsv = (
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tInvoice\n"
        "5\t1\t1\t1\t1\t2\t50\t20\t30\t12\t100\t4711\n"
        "5\t1\t1\t1\t1\t3\t90\t20\t5\t12\t30\t|\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t80\t12\t-1\t\n"
    )
    data = tesseract_api.tsv_to_data(tsv)
    assert data["text"] == ["Invoice", "4711", "|", ""]
    words = ocr.tesseract_data_to_words(data)
    assert [w.text for w in words] == ["Invoice", "4711"]  # "|" is a table rule
    assert words[1].confidence == ocr.MAX_WORD_CONFIDENCE  # below the text layer's 1.0
    assert (words[0].x0, words[0].top, words[0].x1, words[0].bottom) == (10, 20, 40, 32)


def test_a_bar_the_size_of_the_letters_a_word_space_after_them_is_a_capital_i() -> None:
    # Tesseract reads sans-serif "class I" as "class |"; a rule is taller or further off.
    tsv = (
        "5\t1\t1\t1\t1\t1\t10\t20\t60\t23\t96\tclass\n"
        "5\t1\t1\t1\t1\t2\t81\t21\t4\t21\t96\t|\n"
        "5\t1\t1\t1\t2\t1\t10\t60\t60\t23\t96\tclass\n"
        "5\t1\t1\t1\t2\t2\t81\t50\t4\t45\t96\t|\n"
        "5\t1\t1\t1\t3\t1\t10\t100\t60\t23\t96\tclass\n"
        "5\t1\t1\t1\t3\t2\t150\t100\t4\t23\t96\t|\n"
        "5\t1\t1\t1\t4\t1\t10\t140\t60\t23\t96\tclass\n"
        "5\t1\t1\t1\t4\t2\t81\t141\t9\t23\t96\t|;\n"
        "5\t1\t1\t1\t5\t1\t10\t180\t60\t23\t96\tclass\n"
        "5\t1\t1\t1\t5\t2\t81\t181\t9\t23\t96\t|=\n"
    )
    words = ocr.tesseract_data_to_words(tesseract_api.tsv_to_data(tsv))
    # "|;" is "I;" ("class I; Fresh table grapes"), "|=" no letter at all
    assert [w.text for w in words] == ["class", "I", "class", "class", "class", "I;", "class"]
    assert words[1].confidence < words[0].confidence


def test_a_pool_is_started_only_where_each_worker_gets_several_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "default_workers", lambda: 4)
    assert [ocr.page_workers(n) for n in (1, 2, 3, 4, 5, 8, 20)] == [1, 1, 1, 2, 2, 4, 4]


def test_a_code_tesseract_gives_no_confidence_is_kept_and_speckle_is_not() -> None:
    # A bill of lading number came back as "HLCU3671" "13998" at confidence 0.
    tsv = (
        "5\t1\t1\t1\t1\t1\t10\t20\t80\t12\t0\tHLCU3671\n"
        "5\t1\t1\t1\t1\t2\t95\t20\t50\t12\t0\t13998\n"
        "5\t1\t1\t1\t1\t3\t150\t20\t20\t12\t3\tiil\n"
        "5\t1\t1\t1\t1\t4\t180\t20\t40\t12\t2\tWORDS\n"
    )
    words = ocr.tesseract_data_to_words(tesseract_api.tsv_to_data(tsv))
    assert [w.text for w in words] == ["HLCU3671", "13998"]
    assert all(w.confidence < 0.1 for w in words)  # values read from them go to review
