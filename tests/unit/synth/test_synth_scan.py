"""Scan profiles: drawn from the seed within the issue's ranges, turned pages come out
landscape, several pages go into one TIFF or image-only PDF, and the truth says so."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image

from synth.generate import generate_shipment
from synth.labels import LABELS
from synth.plan import plan_corpus
from synth.scan import ScanProfile, Stamp, draw_profile, page_count, scan_document
from synth.truth import documents, ground_truth

WORDS = ["RECEIVED", "COPY", "ORIGINAL"]
DAY = date(2026, 3, 14)
STAMPS = (
    Stamp("RECEIVED", "14 MAR 2026", 8.0, 80, 1),
    Stamp("COPY", "", -12.0, 110, 1),
    Stamp("ORIGINAL", "", 3.0, 90, 1),
)


@pytest.fixture(scope="module")
def one_page() -> bytes:
    return documents(generate_shipment(3, "sc"))[0].pdf


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    s = generate_shipment(9, "mp", goods="electronics", n_lines=45, layouts={"invoice": 0})
    pdf = documents(s)[0].pdf
    assert page_count(pdf) >= 2
    return pdf


def _cheap(profile: ScanProfile, **changes: object) -> ScanProfile:
    """The same profile at the lowest resolution, to keep the tests quick."""
    return replace(profile, dpi=150, **changes)  # type: ignore[arg-type]


def test_profiles_stay_in_range_and_vary() -> None:
    profiles = [draw_profile(f"p{i}", 1, WORDS, DAY) for i in range(400)]
    assert profiles[7] == draw_profile("p7", 1, WORDS, DAY)
    assert {p.dpi for p in profiles} <= set(range(150, 301))
    assert min(p.dpi for p in profiles) == 150 and max(p.dpi for p in profiles) == 300
    assert all(abs(p.skew_deg) <= 3 for p in profiles)
    rotations = Counter(p.rotation for p in profiles)
    assert set(rotations) == {0, 90, 180, 270}
    assert 0.08 < 1 - rotations[0] / len(profiles) < 0.25  # about 15 % turned
    assert {p.format for p in profiles} == {"png", "jpg", "tiff", "pdf"}
    assert 0.2 < sum(1 for p in profiles if p.stamps) / len(profiles) < 0.8
    several = {draw_profile(f"m{i}", 3, WORDS, DAY).format for i in range(40)}
    assert several == {"tiff", "pdf"}  # never a single-image format for several pages
    assert draw_profile("x", 2, WORDS, DAY, "png").format == "tiff"
    assert draw_profile("x", 1, WORDS, DAY, "png").format == "png"


@pytest.mark.parametrize(("rotation", "landscape"), [(0, False), (90, True), (180, False)])
def test_turned_pages_come_out_turned(one_page: bytes, rotation: int, landscape: bool) -> None:
    profile = _cheap(draw_profile("r", 1, WORDS, DAY, "png"), rotation=rotation)
    image = Image.open(io.BytesIO(scan_document(one_page, profile)))
    assert (image.width > image.height) == landscape
    assert round(image.info["dpi"][0]) == 150
    # The printed page is darker in its top half: upright it is at the top, turned by 180
    # degrees at the bottom, turned clockwise by 90 degrees on the right.
    gray = image.convert("L")
    w, h = gray.size
    halves = {
        "top": (0, 0, w, h // 2),
        "bottom": (0, h // 2, w, h),
        "left": (0, 0, w // 2, h),
        "right": (w // 2, 0, w, h),
    }
    light = {
        k: sum(i * n for i, n in enumerate(gray.crop(b).histogram())) for k, b in halves.items()
    }
    darker = {0: ("top", "bottom"), 180: ("bottom", "top"), 90: ("right", "left")}[rotation]
    assert light[darker[0]] < light[darker[1]]


def test_several_pages_make_one_tiff_or_image_pdf(two_pages: bytes) -> None:
    n = page_count(two_pages)
    base = draw_profile("mp", n, WORDS, DAY, "tiff")
    tiff = scan_document(two_pages, _cheap(base, bilevel=False))
    frames = Image.open(io.BytesIO(tiff))
    assert frames.format == "TIFF" and frames.n_frames == n
    pdf = scan_document(two_pages, _cheap(base, format="pdf"))
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) == n
        for page in doc:  # image only: no text layer left
            assert page.get_textpage().get_text_range().strip() == ""
    finally:
        doc.close()


def test_same_seed_same_scan_bytes(one_page: bytes) -> None:
    for fmt in ("pdf", "jpg"):
        profile = _cheap(draw_profile("d", 1, WORDS, DAY, fmt), stamps=STAMPS[:1])
        assert scan_document(one_page, profile) == scan_document(one_page, profile)


def test_stamps_leave_the_values_readable(one_page: bytes) -> None:
    """Stamps go where they cover the least text, and ink only darkens: the printed
    text's pixels stay dark."""
    clean = _cheap(
        draw_profile("s", 1, WORDS, DAY, "png"), blur=0.0, noise=0.0, paper=0, skew_deg=0.0
    )
    plain = replace(clean, stamps=())
    stamped = replace(clean, stamps=STAMPS)
    a = Image.open(io.BytesIO(scan_document(one_page, plain))).convert("L")
    b = Image.open(io.BytesIO(scan_document(one_page, stamped))).convert("L")
    assert a.size == b.size
    pa, pb = a.tobytes(), b.tobytes()
    ink = [i for i, v in enumerate(pa) if v < 100]
    assert sum(1 for i in ink if pb[i] > 140) < 0.01 * len(ink)
    assert sum(1 for x, y in zip(pa, pb, strict=True) if y < x - 40) > 2000  # stamps are there


def test_stamp_words_can_be_cut_in_the_stamp_font() -> None:
    """Pillow's own font (the same on every machine) has no accented letters."""
    for lang, labels in LABELS.items():
        assert all(w.isascii() for w in labels["stamps"] + labels["stamp_paid"]), lang


def test_ground_truth_describes_the_scan() -> None:
    planned = plan_corpus(21, 8, scans=True, scan_share=1.0)
    kinds = Counter()
    for p in planned:
        for d in documents(p.shipment):
            gt = ground_truth(p.shipment, d)
            kinds[gt["file_kind"]] += 1
            assert gt["file_kind"] == "scan"
            scan = gt["scan"]
            assert set(scan) >= {"dpi", "rotation", "skew_deg", "format", "pages"}
            assert gt["file"].endswith(
                {"png": ".png", "jpg": ".jpg", "tiff": ".tif"}.get(scan["format"], ".pdf")
            )
    assert kinds["scan"] > 20
