"""PDF -> a simulated scan: raster only, skewed, blurred, noisy, JPEG-softened, maybe
turned on its side and rubber-stamped.

Used to give the OCR path documents with no text layer whose truth is still exact.
All randomness comes from the seed, so a scan is reproducible byte for byte.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from synth.fmt import MONTHS

DPI = 200


def rasterise(pdf: bytes, dpi: int = DPI) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        doc.close()
    return image


def scan(pdf: bytes, seed: int | str, fmt: str = "PNG", dpi: int = DPI) -> bytes:
    """Rasterise page 1 and degrade it like a desk scanner would."""
    rng = random.Random(f"scan:{seed}")
    img = rasterise(pdf, dpi)
    # Skew up to +-1.5 degrees; white fill as a scanner lid would give.
    img = img.rotate(
        rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
    )
    img = img.filter(ImageFilter.GaussianBlur(radius=0.6))
    arr = np.asarray(img, dtype=np.int16)
    nrng = np.random.default_rng(rng.randrange(2**32))
    # Grey paper, faint sensor noise, and sparse dust specks. The noise is kept mild and
    # quantised so the PNG still compresses (the bundled samples have a size budget).
    arr = arr - 10 + (nrng.normal(0, 2.0, arr.shape) // 3 * 3).astype(np.int16)
    specks = nrng.random(arr.shape) < 0.0004
    arr[specks] = nrng.integers(0, 120, int(specks.sum()))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    # One JPEG generation adds block artefacts around text edges.
    jpeg = io.BytesIO()
    img.save(jpeg, format="JPEG", quality=rng.randint(55, 70))
    if fmt.upper() in ("JPEG", "JPG"):
        return jpeg.getvalue()
    img = Image.open(io.BytesIO(jpeg.getvalue())).convert("L")
    out = io.BytesIO()
    img.save(out, format="PNG")  # optimize=True: 3 % smaller, 10x slower
    return out.getvalue()


# -- scan profiles -------------------------------------------------------------------------
# The generated corpus draws one profile per scanned document: what a desk scanner, a
# copier or a phone-to-PDF app would have made of the printed page. The bundled samples
# keep ``scan`` above.

FORMATS_ONE_PAGE = ("png", "jpg", "tiff", "pdf")
FORMATS_MULTI_PAGE = ("tiff", "pdf")  # what desk scanners emit for several pages


@dataclass(frozen=True)
class Stamp:
    word: str  # RECEIVED, ORIGINAL, COPY ... in the document's language
    date: str  # the date line of a date stamp, or ""
    angle: float  # degrees, counter-clockwise
    grey: int  # ink: 0 black .. 255 white
    page: int  # 1-based


@dataclass(frozen=True)
class ScanProfile:
    dpi: int
    rotation: int  # clockwise degrees the page lies turned in the image: 0, 90, 180, 270
    skew_deg: float  # the small tilt of the sheet, counter-clockwise positive
    blur: float  # Gaussian radius in pixels
    noise: float  # sensor noise, standard deviation in grey levels
    paper: int  # how much darker than white the paper scans
    jpeg_quality: int
    format: str  # png | jpg | tiff | pdf
    bilevel: bool  # a black-and-white (CCITT G4) TIFF, as fax-like scanners write
    pages: int
    stamps: tuple[Stamp, ...] = ()
    seed: str = ""
    scanned_on: date = date(2026, 1, 1)  # what an image-only PDF gives as its date

    def record(self) -> dict[str, object]:
        """What the ground truth says about the scan."""
        return {
            "dpi": self.dpi,
            "rotation": self.rotation,
            "skew_deg": self.skew_deg,
            "format": self.format,
            "pages": self.pages,
            "stamps": [s.word + (f" {s.date}" if s.date else "") for s in self.stamps],
        }


def draw_profile(
    seed: str,
    pages: int,
    stamp_words: list[str],
    received: date,
    forced_format: str | None = None,
) -> ScanProfile:
    """A scan profile drawn from ``seed``; ``forced_format`` pins the container, except
    that several pages never go into a PNG or JPEG (they become a TIFF)."""
    rng = random.Random(f"scan-profile:{seed}")
    dpi = rng.choice((150, 200, 200, 240, 300, 300))
    r = rng.random()
    rotation = 90 if r < 0.06 else 180 if r < 0.12 else 270 if r < 0.15 else 0
    skew = round(rng.uniform(-3.0, 3.0) * rng.choice((0.3, 0.6, 1.0)), 2)
    fmt = rng.choice(FORMATS_ONE_PAGE if pages == 1 else FORMATS_MULTI_PAGE)
    if forced_format:
        multi_ok = pages == 1 or forced_format in FORMATS_MULTI_PAGE
        fmt = forced_format if multi_ok else "tiff"
    stamps = []
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        word = rng.choice(stamp_words)
        dated = rng.random() < 0.6
        day = received + timedelta(days=rng.randint(0, 6))
        stamps.append(
            Stamp(
                word,
                f"{day.day:02d} {MONTHS['en'][day.month - 1][:3].upper()} {day.year}"
                if dated
                else "",
                round(rng.uniform(-18, 18), 1),
                rng.randint(60, 150),
                1 if rng.random() < 0.8 else rng.randint(1, pages),
            )
        )
    return ScanProfile(
        dpi=dpi,
        rotation=rotation,
        skew_deg=skew,
        blur=round(rng.uniform(0.3, 1.2) * dpi / 200, 2),
        noise=round(rng.uniform(1.5, 6.0), 1),
        paper=rng.randint(0, 22),
        jpeg_quality=rng.randint(35, 85),
        format=fmt,
        bilevel=fmt == "tiff" and rng.random() < 0.3,
        pages=pages,
        stamps=tuple(stamps),
        seed=seed,
        scanned_on=received,
    )


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _text_boxes(page: pdfium.PdfPage, scale: float) -> list[tuple[float, float, float, float]]:
    """The page's text rectangles in pixels (x0, y0, x1, y1, y downwards)."""
    height = page.get_height()
    tp = page.get_textpage()
    try:
        boxes = []
        for i in range(tp.count_rects()):
            left, bottom, right, top = tp.get_rect(i)
            boxes.append(
                (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
            )
        return boxes
    finally:
        tp.close()


def _stamp_image(stamp: Stamp, dpi: int, rng: random.Random) -> Image.Image:
    """A rubber stamp: a framed word (and date), ink unevenly inked, on transparency."""
    size = int(dpi * 0.22)
    font = _font(size)
    small = _font(int(size * 0.6))
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    w = int(draw.textlength(stamp.word, font=font))
    wd = int(draw.textlength(stamp.date, font=small)) if stamp.date else 0
    pad = size // 3
    width = max(w, wd) + 2 * pad
    height = size + 2 * pad + (int(size * 0.8) if stamp.date else 0)
    ink = Image.new("L", (width, height), 0)  # alpha: 255 where ink lies
    d = ImageDraw.Draw(ink)
    border = max(2, size // 10)
    d.rounded_rectangle((0, 0, width - 1, height - 1), radius=pad, outline=255, width=border)
    bold = max(1, size // 25)
    d.text(
        ((width - w) // 2, pad - size // 8),
        stamp.word,
        fill=255,
        font=font,
        stroke_width=bold,
        stroke_fill=255,
    )
    if stamp.date:
        d.text(((width - wd) // 2, pad + int(size * 1.05)), stamp.date, fill=255, font=small)
    arr = np.asarray(ink, dtype=np.float32)
    # Uneven inking: a smooth random field takes ink away in patches.
    nrng = np.random.default_rng(rng.randrange(2**32))
    patches = Image.fromarray(
        (nrng.random((max(2, height // 12), max(2, width // 12))) * 255).astype(np.uint8)
    ).resize((width, height), Image.Resampling.BILINEAR)
    keep = np.asarray(patches, dtype=np.float32) / 255 * 0.9 + 0.35
    arr = np.clip(arr * np.minimum(keep, 1.0), 0, 255).astype(np.uint8)
    return Image.fromarray(arr).rotate(
        stamp.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=0
    )


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    # Pillow's own font, not a system one: the same scan on every machine.
    return ImageFont.load_default(size)


def _place(
    img: Image.Image,
    ink: Image.Image,
    boxes: list[tuple[float, float, float, float]],
    rng: random.Random,
) -> tuple[int, int]:
    """Where a stamp covers the least printed text: a stamp partly over a value is
    realistic, one that hides a value would make the truth unreadable."""
    w, h = ink.size
    best: tuple[float, int, int] | None = None
    for _ in range(40):
        x = rng.randint(0, max(0, img.width - w))
        y = rng.randint(0, max(0, img.height - h))
        covered = 0.0
        for x0, y0, x1, y1 in boxes:
            dx = min(x + w, x1) - max(x, x0)
            dy = min(y + h, y1) - max(y, y0)
            if dx > 0 and dy > 0:
                covered += dx * dy
        if best is None or covered < best[0]:
            best = (covered, x, y)
            if covered == 0:
                break
    assert best is not None
    return best[1], best[2]


_TURN = {
    90: Image.Transpose.ROTATE_270,  # PIL turns counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def _degrade(img: Image.Image, profile: ScanProfile, rng: random.Random) -> Image.Image:
    if profile.skew_deg:
        # Bilinear: at 300 dpi bicubic costs twice the time for no visible difference.
        img = img.rotate(
            profile.skew_deg, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255
        )
    img = img.filter(ImageFilter.GaussianBlur(radius=profile.blur))
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = np.asarray(img, dtype=np.float32)
    noise = nrng.standard_normal(arr.shape, dtype=np.float32) * profile.noise
    arr = arr - profile.paper + noise
    # Dust specks, about 3 in 10,000 pixels.
    flat = arr.reshape(-1)
    specks = nrng.integers(0, flat.size, nrng.poisson(flat.size * 0.0003))
    flat[specks] = nrng.integers(0, 120, specks.size)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    if profile.rotation:
        img = img.transpose(_TURN[profile.rotation])
    if profile.format not in ("jpg", "pdf"):
        # One JPEG generation before the lossless container: block artefacts stay.
        jpeg = io.BytesIO()
        img.save(jpeg, format="JPEG", quality=profile.jpeg_quality)
        img = Image.open(io.BytesIO(jpeg.getvalue())).convert("L")
    return img


def scan_document(pdf: bytes, profile: ScanProfile) -> bytes:
    """Every page rasterised at the profile's dpi, stamped, tilted, blurred, noised,
    turned and written into the profile's container, without a text layer."""
    # Stamps and the scanner's degradations draw from streams of their own: the same
    # profile without stamps gives the same noise.
    rng = random.Random(f"scan-stamps:{profile.seed}")
    scale = profile.dpi / 72
    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for n in range(len(doc)):
            page = doc[n]
            img = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            boxes = _text_boxes(page, scale)
            page.close()
            for stamp in profile.stamps:
                if stamp.page == n + 1:
                    ink = _stamp_image(stamp, profile.dpi, rng)
                    x, y = _place(img, ink, boxes, rng)
                    boxes.append((x, y, x + ink.width, y + ink.height))  # next stamp: elsewhere
                    layer = Image.new("L", ink.size, stamp.grey)
                    region = img.crop((x, y, x + ink.width, y + ink.height))
                    # Ink darkens what is under it and never lightens printed text.
                    region = ImageChops.darker(region, Image.composite(layer, region, ink))
                    img.paste(region, (x, y))
            noise = random.Random(f"scan-noise:{profile.seed}:{n}")
            images.append(_degrade(img, profile, noise))
    finally:
        doc.close()
    return _container(images, profile)


def _container(images: list[Image.Image], profile: ScanProfile) -> bytes:
    out = io.BytesIO()
    dpi = (profile.dpi, profile.dpi)
    if profile.format == "png":
        images[0].save(out, format="PNG", dpi=dpi)
    elif profile.format == "jpg":
        images[0].save(out, format="JPEG", quality=profile.jpeg_quality, dpi=dpi)
    elif profile.format == "tiff":
        if profile.bilevel:
            pages = [im.point(lambda v: 255 if v > 150 else 0, mode="1") for im in images]
            options: dict[str, object] = {"compression": "group4"}
        else:
            # JPEG-in-TIFF, as most office scanners write it.
            pages = images
            options = {"compression": "jpeg", "quality": profile.jpeg_quality}
        pages[0].save(
            out, format="TIFF", save_all=True, append_images=pages[1:], dpi=dpi, **options
        )
    else:
        images[0].save(
            out,
            format="PDF",
            save_all=True,
            append_images=images[1:],
            resolution=float(profile.dpi),
            quality=profile.jpeg_quality,
            title="scan",
            producer="clearway synth",
            creationDate=profile.scanned_on.timetuple(),
            modDate=profile.scanned_on.timetuple(),
        )
    return out.getvalue()
