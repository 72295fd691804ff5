"""Real Tesseract on the public scans: turned and skewed pages, the in-process engine against the
tesseract command, pages in parallel."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from extractors import ocr, ocr_image, tesseract_api

CORPUS = Path("/work/shared/corpus/public")
KRAXI = CORPUS / "docs" / "zf_kraxi_2014_03_img.png"  # 150 dpi, German invoice "2014-03"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not KRAXI.exists(), reason="public corpus not mounted"),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed"),
]


def page_text(result: ocr.PageWords) -> str:
    return " ".join(w.text for w in result.words)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_turned_pages_are_read_upright(turn: int) -> None:
    page = Image.open(KRAXI)
    turned = page.rotate(turn, expand=True)  # counter-clockwise
    result = ocr.page_image_to_words(turned, "eng+deu+fra+spa", "kraxi.png", 1)
    assert result.rotation == turn
    assert (result.width, result.height) == page.size  # the upright page
    assert "2014-03" in page_text(result) and "Papierflieger-Vertriebs-GmbH" in page_text(result)
    assert max(w.x1 for w in result.words) <= result.width + 1


@pytest.mark.parametrize("angle", [-3.0, 3.0])
def test_skewed_pages_are_levelled(angle: float) -> None:
    skewed = Image.open(KRAXI).convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    result = ocr.page_image_to_words(skewed, "eng+deu+fra+spa", "kraxi.png", 1)
    assert result.skew == pytest.approx(-angle, abs=0.3)
    assert "1.005,55" in page_text(result)


@pytest.mark.skipif(not tesseract_api.available(), reason="libtesseract not loadable")
def test_the_in_process_engine_reads_as_the_command_does() -> None:
    gray = ocr_image.frame_to_gray(Image.open(KRAXI)).crop((0, 0, 1240, 600))
    clean = ocr_image.clean_page(ocr_image.level_and_scale(gray, 0.0, 2.0))
    engine = tesseract_api.engine("eng+deu", ocr.PSM, ocr.TESSERACT_VARIABLES).gray_to_data(
        clean.tobytes(), clean.width, clean.height, 300, 60
    )
    command = ocr.cli_image_to_data(clean, "eng+deu")
    assert [t for t in engine["text"] if t.strip()] == [t for t in command["text"] if t.strip()]


def test_frames_are_read_in_parallel_and_in_order() -> None:
    sammy = CORPUS / "docs" / "i2d_sammy_maystone_img.png"
    images = [Image.open(KRAXI), Image.open(sammy), Image.open(KRAXI).rotate(180)]
    results = ocr.images_to_words(images, "eng+deu", "frames.tif", workers=2)
    assert [r.rotation for r in results] == [0, 0, 180]
    assert "2014-03" in page_text(results[0]) and "2014-03" in page_text(results[2])
    assert "2014-03" not in page_text(results[1])


def test_an_image_only_pdf_is_read_page_by_page_in_points() -> None:
    from clearway.settings import load_settings
    from extractors.read_pdf import pdf_to_pages

    page = Image.open(KRAXI).convert("L")  # 150 dpi
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=150, save_all=True, append_images=[page.rotate(180)])
    pages = pdf_to_pages(pdf.getvalue(), "kraxi-scan.pdf", load_settings())
    assert [(p.source, p.unit) for p in pages] == [("ocr", "pt"), ("ocr", "pt")]
    assert [p.rotation for p in pages] == [0, 180]  # type: ignore[attr-defined]
    direct = {w.text: w for w in ocr.page_image_to_words(page, "eng+deu", "kraxi.png", 1).words}
    for pdf_page in pages:
        assert "2014-03" in pdf_page.text
        assert pdf_page.width == pytest.approx(1240 * 72 / 150, abs=1)
        word = next(w for w in pdf_page.words if w.text == "Rechnungsnummer:")
        pixels = direct["Rechnungsnummer:"]
        # The same word where the 150 dpi image has it, in points (the PDF is rendered at 300).
        assert word.x0 == pytest.approx(pixels.x0 * 72 / 150, abs=2)
        assert word.top == pytest.approx(pixels.top * 72 / 150, abs=2)
