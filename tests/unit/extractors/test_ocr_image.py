"""Page preparation for OCR (extractors/ocr_image.py) on drawn pages: no Tesseract needed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extractors import ocr_image

LINES = [
    "Commercial Invoice No. 2026-0042 dated 14 July 2026",
    "Seller: Kraxi GmbH, Flugzeugallee 17, 12345 Papierfeld",
    "Buyer: Papierflieger Vertriebs GmbH, Rabattstrasse 25",
    "Total amount payable by bank transfer: EUR 1,005.55",
    "Goods: paper gliders, kits and spare parts, boxed",
] * 4


def text_page(width: int = 1240, height: int = 1754, ruled: bool = False) -> Image.Image:
    """A 150 dpi A4 page of body text, optionally inside a ruled grid."""
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    for i, line in enumerate(LINES):
        draw.text((90, 120 + i * 60), line, fill=0, font=font)
    if ruled:
        for y in range(100, 1400, 120):
            draw.line((60, y, width - 60, y), fill=0, width=2)
        for x in (60, 640, width - 60):
            draw.line((x, 100, x, 1400), fill=0, width=2)
    return page


# ---------------------------------------------------------------- orientation and skew


@pytest.mark.parametrize("angle", [-4.0, -2.5, -1.0, 0.0, 1.5, 3.0])
def test_skew_is_found_within_a_few_tenths(angle: float) -> None:
    skewed = text_page().rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    sideways, skew = ocr_image.lines_direction(skewed)
    assert not sideways
    assert skew == pytest.approx(-angle, abs=0.3)


@pytest.mark.parametrize("turn", [90, 270])
@pytest.mark.parametrize("angle", [0.0, 3.0])
def test_turned_pages_are_found_even_when_skewed(turn: int, angle: float) -> None:
    page = text_page(ruled=True).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    sideways, skew = ocr_image.lines_direction(page.rotate(turn, expand=True))
    assert sideways
    assert skew == pytest.approx(-angle, abs=0.3)


def test_upright_and_upside_down_text_score_either_side_of_a_half() -> None:
    ink = ocr_image.gray_to_threshold_ink(ocr_image.level_and_scale(text_page(), 0.0, 2.0))
    assert ocr_image.upright_score(ink) > 0.5 + ocr_image.UPRIGHT_MARGIN
    assert ocr_image.upright_score(ink[::-1, ::-1]) < 0.5 - ocr_image.UPRIGHT_MARGIN
    assert ocr_image.upright_score(np.zeros((50, 50), dtype=bool)) == 0.5


# ---------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("size", "dpi", "scale"),
    [
        ((2480, 3508), None, 1.0),  # A4 at 300 dpi: read as scanned
        ((1654, 2339), None, 240 / 200),  # 200 dpi, no dpi in the file: from the page size
        ((1240, 1754), 150.0, 1.6),  # dpi from the file wins; coarse scans up to 240 dpi
        ((1984, 2806), 240.0, 1.0),  # 240 dpi: read as scanned
        ((4960, 7016), None, 0.5),  # 600 dpi: down to 300
        ((300, 200), None, ocr_image.MAX_UPSCALE),  # a tiny image: upscaling capped
    ],
)
def test_pages_are_read_between_210_and_400_dpi(
    size: tuple[int, int], dpi: float | None, scale: float
) -> None:
    assert ocr_image.ocr_scale(size, dpi) == pytest.approx(scale, rel=0.01)


def test_level_and_scale_keeps_the_page_size_when_rotating() -> None:
    page = text_page()
    assert ocr_image.level_and_scale(page, 2.0, 1.0).size == page.size
    assert ocr_image.level_and_scale(page, 0.1, 1.0) is page  # too small to bother
    assert ocr_image.level_and_scale(page, 0.0, 0.5).size == (620, 877)


# ---------------------------------------------------------------- cleaning


def test_rules_are_whitened_and_text_is_kept() -> None:
    plain = ocr_image.gray_to_threshold_ink(text_page())
    ruled = text_page(ruled=True)
    cleaned = ocr_image.gray_to_threshold_ink(ocr_image.whiten_rules(ruled, 60, 60))
    rules = ocr_image.gray_to_threshold_ink(ruled) & ~plain
    assert (cleaned & rules).sum() < 0.02 * rules.sum()
    assert (cleaned & plain).sum() > 0.97 * plain.sum()


def test_blurred_bold_text_and_shaded_boxes_are_not_rules() -> None:
    """A scanner's blur joins bold letters into long runs of light grey, and a shaded box is
    grey from edge to edge: neither is a rule, and whitening them cut the text apart."""
    page = Image.new("L", (1600, 600), 252)
    draw = ImageDraw.Draw(page)
    draw.rectangle((80, 330, 1500, 520), fill=210)  # a shaded box with text in it
    font = ImageFont.load_default(size=44)
    for y, line in ((60, "Certificate No.: Importer Handels"), (380, "Packing list PL-004970")):
        draw.text((100, y), line, fill=0, font=font, stroke_width=1, stroke_fill=0)
    draw.line((80, 260, 1500, 260), fill=60, width=3)  # and one real rule
    blurred = np.asarray(page.filter(ImageFilter.GaussianBlur(1.6)))
    mask = ocr_image.rule_mask(blurred, 120, 120)
    assert mask[255:266, 100:1480].mean() > 0.2  # the rule is found...
    assert mask[:255].sum() == 0 and mask[266:].sum() == 0  # ...text and shading are not


def test_a_bold_label_whose_letters_run_together_is_no_rule() -> None:
    """A bold label on a grey band scanned at 150 dpi: its letters touch over the whole word
    (~0.6 in), so an across-run of 0.4 in cut the word's top half away; rules run longer."""
    page = Image.new("L", (1600, 400), 252)
    draw = ImageDraw.Draw(page)
    draw.rectangle((80, 40, 1500, 140), fill=232)  # as clean_page leaves a grey band
    font = ImageFont.load_default(size=40)
    draw.text((100, 60), "CERTIFICAT", fill=0, font=font, stroke_width=3, stroke_fill=0)
    draw.line((80, 300, 1500, 300), fill=40, width=3)
    pixels = np.asarray(page.filter(ImageFilter.GaussianBlur(1.0)))
    across = round(ocr_image.RULE_ACROSS_INCHES * ocr_image.TARGET_DPI)
    word = (slice(40, 140), slice(90, 700))
    assert ocr_image.rule_mask(pixels, 120, 120)[word].sum() > 0  # the short run took letters
    mask = ocr_image.rule_mask(pixels, 120, across)
    assert mask[word].sum() == 0
    assert mask[295:306, 100:1480].mean() > 0.2


def test_clean_page_removes_dust() -> None:
    page = np.asarray(text_page()).copy()
    rng = np.random.default_rng(5)
    dust = rng.random(page.shape) < 0.001
    page[dust & (page > 128)] = 0
    cleaned = np.asarray(ocr_image.clean_page(Image.fromarray(page)))
    assert (cleaned[dust] < 128).mean() < 0.05


@given(arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40))))
def test_median3_is_the_3x3_median_with_edges_replicated(pixels: np.ndarray) -> None:
    height, width = pixels.shape
    padded = np.pad(pixels, 1, mode="edge")
    stack = [padded[dy : dy + height, dx : dx + width] for dy in range(3) for dx in range(3)]
    assert (ocr_image.median3(pixels, rows=7) == np.median(np.stack(stack), axis=0)).all()


def test_median3_matches_pil() -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (64, 80), dtype=np.uint8)
    pil = np.asarray(Image.fromarray(pixels).filter(ImageFilter.MedianFilter(3)))
    assert (ocr_image.median3(pixels)[1:-1, 1:-1] == pil[1:-1, 1:-1]).all()


def brute_force_runs(ink: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros_like(ink)
    for r, row in enumerate(ink):
        run = 0
        for x, on in enumerate(row):
            run = run + 1 if on else 0
            if run >= n:
                out[r, x - n + 1 : x + 1] = True
    return out


@given(arrays(np.bool_, st.tuples(st.integers(1, 8), st.integers(1, 30))), st.integers(1, 12))
def test_runs_at_least_finds_exactly_the_long_runs(ink: np.ndarray, n: int) -> None:
    assert (ocr_image.runs_at_least(ink, n, axis=1) == brute_force_runs(ink, n)).all()
    assert (ocr_image.runs_at_least(ink, n, axis=0) == brute_force_runs(ink.T, n).T).all()


def test_frames_become_gray_on_white() -> None:
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))  # transparent: white, not black
    assert ocr_image.frame_to_gray(rgba).getpixel((5, 5)) == 255
    assert ocr_image.frame_to_gray(Image.new("RGB", (4, 4), "black")).mode == "L"


# ---------------------------------------------------------------- separator dots


def glyph_ink(draw_glyph) -> np.ndarray:  # noqa: ANN001
    page = Image.new("L", (40, 40), 255)
    draw_glyph(ImageDraw.Draw(page))
    return np.asarray(page) < 128


@pytest.mark.parametrize(
    ("glyph", "box", "is_dot"),
    [
        (lambda d: d.ellipse((10, 10, 18, 18), fill=0), (10, 10, 19, 19), True),  # bullet
        (lambda d: d.ellipse((10, 10, 14, 14), fill=0), (10, 10, 15, 15), True),  # middle dot
        (lambda d: d.ellipse((10, 10, 18, 18), outline=0, width=2), (10, 10, 19, 19), False),
        (lambda d: d.rectangle((10, 13, 22, 15), fill=0), (10, 13, 23, 16), False),  # hyphen
        (lambda d: d.rectangle((10, 10, 11, 11), fill=0), (10, 10, 12, 12), False),  # speck
        (lambda d: d.ellipse((5, 5, 30, 30), fill=0), (5, 5, 31, 31), False),  # too big
    ],
)
def test_separator_dots_are_told_from_letters_and_dashes(glyph, box, is_dot: bool) -> None:  # noqa: ANN001
    assert ocr_image.is_separator_dot(glyph_ink(glyph), box, text_height=35) is is_dot


# ---------------------------------------------------------------- shaded backgrounds


def shaded_label_page() -> np.ndarray:
    """A white page with a grey (170) header cell holding dark (60) label strokes."""
    page = np.full((400, 600), 235, dtype=np.uint8)
    page[100:160, 50:550] = 170
    page[120:140, 80:84] = 60  # a letter's stem inside the shaded cell
    page[300:320, 80:84] = 60  # and one on plain paper
    return page


def test_shaded_cells_are_brightened_and_their_text_stays_dark() -> None:
    page = shaded_label_page()
    flat = ocr_image.flatten_background(page)
    assert flat[110, 300] >= 0.9 * 235  # the cell's grey is (nearly) paper now
    assert flat[130, 82] < 100  # the stroke in it is still ink
    # Plain paper and the text on it are left exactly as they were.
    assert (flat[250:, :] == page[250:, :]).all()


def test_even_paper_is_returned_untouched() -> None:
    page = np.full((200, 300), 240, dtype=np.uint8)
    page[50:60, 20:200] = 0  # text, narrower than the paper window's reach vertically
    assert ocr_image.flatten_background(page) is page


def test_max_filter_is_the_maximum_over_the_square() -> None:
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (40, 30)).astype(np.uint8)
    padded = np.pad(pixels, 2, mode="edge")
    expected = np.array(
        [[padded[y : y + 5, x : x + 5].max() for x in range(30)] for y in range(40)]
    )
    assert (ocr_image.max_filter(pixels, 2) == expected).all()


def test_ink_point_profiles_match_the_thumbnail_at_no_turn() -> None:
    ink = (np.asarray(text_page()) < 128).astype(np.uint8) * 255
    points = ocr_image.InkPoints(ink)
    assert (points.profile(0.0, axis=1) == (ink > 0).sum(axis=1)).all()
    assert (points.profile(0.0, axis=0) == (ink > 0).sum(axis=0)).all()


def test_otsu_threshold_separates_ink_from_paper() -> None:
    pixels = np.concatenate([np.full(900, 240), np.full(100, 30)]).astype(np.uint8).reshape(20, 50)
    assert 30 < ocr_image.otsu_threshold(pixels) <= 240
