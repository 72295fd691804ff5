"""Page image -> the clean, upright, level picture Tesseract reads best. Pure numpy/PIL.

frame_to_gray -> lines_direction (a quarter turn when text lines run down the page; skew) ->
ocr_scale (into 180-400 dpi) -> level_and_scale -> clean_page (dust smoothed, shaded cells
brightened, table rules whitened) -> upright_score (ascenders above, descenders below: is the
page upside down?).

Measured on 200 dpi synthetic scans with ruled grids: Tesseract read ~48 % of fields from the grey
page as it came, ~78 % from the cleaned one; rules read as "|" and "[" and cut lines apart, JPEG
noise breaks small print.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

BILINEAR = Image.Resampling.BILINEAR

MAX_SKEW_DEGREES = 5.0
MIN_DESKEW_DEGREES = 0.3
# Resolution: a page between MIN_DPI and MAX_DPI is read as scanned; a coarser one is brought up
# to LOW_DPI_TARGET, a finer one down to TARGET_DPI (without a usable dpi in the file, the page's
# short side stands in for it, a full A4 page assumed). Tesseract's LSTM scales each line to a
# fixed height itself; what more pixels add is sharpened noise, and time. Field values wrong on
# 221 generated scans (2026-12-04) by source resolution, brought to 300 dpi as before / as now:
# 150 dpi 112 / 82 (to 240), 200 dpi 124 / 118 (to 240; read at 200: 129), 240 dpi 50 / 51 (as
# scanned), 300 dpi 66 / 68 (as scanned; brought down to 200: 116). Pages per second +30 %.
TARGET_DPI = 300
LOW_DPI_TARGET = 240
MIN_DPI = 210
MAX_DPI = 400
A4_SHORT_INCHES = 8.27  # a page whose file names no resolution is taken for a full A4 page
MAX_UPSCALE = 3.0
# Ink runs longer than these are table rules, not letters: down the page 0.4 in (120 px at 300
# dpi: a cell border is one row high); across it 0.8 in, since the letters of a bold label on a
# grey band, scanned at 150 dpi, run together over a whole word ("N° DE CERTIFICAT", ~0.6 in),
# whose top half was whitened away. Across-runs of 0.6-1.0 in read the same: on 142 generated
# scans field F1 0.926 -> 0.940, line items 0.878 -> 0.907; public images the same (0.954).
RULE_INCHES = 0.4
RULE_ACROSS_INCHES = 0.8
UPRIGHT_MARGIN = 0.06  # |upright_score - 0.5| below this: undecided, ask Tesseract's OSD
PAPER_EVEN = 0.92  # paper nowhere darker than this share of its usual brightness: not flattened


def frame_to_gray(frame: Image.Image) -> Image.Image:
    """EXIF orientation applied; transparent pixels on white (they are black under "L")."""
    image = ImageOps.exif_transpose(frame)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    return image.convert("L")


def thumbnail(gray: Image.Image, side: int = 1000) -> Image.Image:
    small = gray.copy()
    small.thumbnail((side, side))
    return small


# ---------------------------------------------------------------- orientation and skew


def lines_direction(gray: Image.Image) -> tuple[bool, float]:
    """(sideways, skew): whether the text lines run down the page (a 90° or 270° turn), and the
    rotation in degrees (counter-clockwise, within ±5°) that then levels them.

    Level text rows give the sharpest ink profile (largest squared row-to-row change) across
    the lines; both directions are searched, each over the skew range, so that a page both
    turned and skewed by a few degrees is still recognised. On a thumbnail, ~0.1 s."""
    ink = InkPoints(ink_to_white(thumbnail(gray, 900)))
    across = best_angle(ink, sharpness_across, fine=False)
    down = best_angle(ink, sharpness_down, fine=False)
    sideways = down[1] > across[1]
    sharpness = sharpness_down if sideways else sharpness_across
    angle, _ = best_angle(ink, sharpness, start=down[0] if sideways else across[0])
    # Rotations commute: the angle that levels the columns levels the rows after the quarter turn.
    return sideways, round(angle, 2)


def ink_to_white(gray: Image.Image) -> np.ndarray:
    """Ink 255 on 0, so that rotation fills with "no ink"; table rules kept (they are level
    too)."""
    pixels = np.asarray(gray)
    return np.where(pixels < otsu_threshold(pixels), 255, 0).astype(np.uint8)


class InkPoints:
    """The inked pixels of a thumbnail as offsets from its centre. A rotation's row or column
    profile is then a bincount of the turned points (~1 ms), where rotating the thumbnail
    itself took ~3 ms an angle and ~30 angles are tried. Points turned off the page are left
    out, as a rotation without expansion would crop them."""

    def __init__(self, ink: np.ndarray):
        self.height, self.width = ink.shape
        ys, xs = np.nonzero(ink)
        self.dx = xs.astype(np.float32) + np.float32(0.5 - self.width / 2)
        self.dy = ys.astype(np.float32) + np.float32(0.5 - self.height / 2)

    def turned(self, angle: float) -> tuple[np.ndarray, np.ndarray]:
        """(column, row) of each point after a counter-clockwise turn by ``angle`` degrees."""
        cos, sin = np.float32(np.cos(np.radians(angle))), np.float32(np.sin(np.radians(angle)))
        x = np.floor(self.dx * cos + self.dy * sin + np.float32(self.width / 2)).astype(np.int32)
        y = np.floor(self.dy * cos - self.dx * sin + np.float32(self.height / 2)).astype(np.int32)
        inside = (x >= 0) & (x < self.width) & (y >= 0) & (y < self.height)
        return x[inside], y[inside]

    def profile(self, angle: float, axis: int) -> np.ndarray:
        """Ink per row (axis 1: summed across) or per column (axis 0) of the turned page."""
        x, y = self.turned(angle)
        if axis == 1:
            return np.bincount(y, minlength=self.height).astype(np.float64)
        return np.bincount(x, minlength=self.width).astype(np.float64)


def sharpness_across(ink: InkPoints, angle: float) -> float:
    return float(np.square(np.diff(ink.profile(angle, axis=1))).sum())


def sharpness_down(ink: InkPoints, angle: float) -> float:
    return float(np.square(np.diff(ink.profile(angle, axis=0))).sum())


def best_angle(
    ink: InkPoints,
    sharpness,
    start: float | None = None,
    fine: bool = True,  # noqa: ANN001
) -> tuple[float, float]:
    """(angle, sharpness) maximising ``sharpness`` within ±MAX_SKEW_DEGREES: 1° steps (skipped
    when ``start`` is given), then 0.25° and 0.1° around the best when ``fine``."""
    steps = [(1.0, MAX_SKEW_DEGREES)] if start is None else []
    if fine:
        steps += [(0.25, 0.75), (0.1, 0.15)]
    best = start or 0.0
    for step, span in steps:
        angles = np.arange(best - span, best + span + step / 2, step)
        angles = angles[np.abs(angles) <= MAX_SKEW_DEGREES + 1e-9]
        best = float(max(angles, key=lambda a: sharpness(ink, float(a))))
    return best, sharpness(ink, best)


def level_and_scale(gray: Image.Image, angle: float, scale: float) -> Image.Image:
    """Rotate by ``angle`` degrees counter-clockwise about the centre (the page keeps its size, so
    boxes stay within a few pixels of where the words are printed), then scale: Lanczos up (its
    sharper strokes read ~3 points of fields better than bilinear), box filter down. Bicubic
    rotation: bilinear costs half as much but split bold titles ("P AC KLISTE") on 3 of 57 scans."""
    if abs(angle) >= MIN_DESKEW_DEGREES:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if scale == 1.0:
        return gray
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    return gray.resize(size, Image.Resampling.LANCZOS if scale > 1 else Image.Resampling.BOX)


def upright_score(ink: np.ndarray) -> float:
    """0..1, above 0.5 when the text stands upright: within each text line, Latin script puts more
    ink above its x-height band (capitals, digits, b d f h k l t) than below the baseline
    (g j p q y). Lines are runs of inked rows; lines of unusual height (logos, merged blocks)
    are left out. 0.5 when there is no text to judge."""
    rows = ink.sum(axis=1, dtype=np.float64)
    if not rows.any():
        return 0.5
    on = np.concatenate(([False], rows > max(1.0, 0.02 * rows.max()), [False]))
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    above = below = 0.0
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        band = rows[start:end]
        if not 8 <= len(band) <= 90:
            continue
        core = np.flatnonzero(band >= 0.5 * band.max())
        above += band[: core[0]].sum()
        below += band[core[-1] + 1 :].sum()
    return float(above / (above + below)) if above + below else 0.5


# ---------------------------------------------------------------- resolution


def page_dpi(size: tuple[int, int], dpi: float | None) -> float:
    """The page's resolution: the file's where it is plausible, else from its short side (a
    full page assumed)."""
    if dpi is not None and 70 <= dpi <= 1200:
        return float(dpi)
    return max(1, min(size)) / A4_SHORT_INCHES


def ocr_scale(size: tuple[int, int], dpi: float | None) -> float:
    """Factor that brings a page into MIN_DPI..MAX_DPI (see LOW_DPI_TARGET); upscaling capped."""
    found = page_dpi(size, dpi)
    if found < MIN_DPI:
        return min(MAX_UPSCALE, LOW_DPI_TARGET / found)
    if found > MAX_DPI:
        return TARGET_DPI / found
    return 1.0


# ---------------------------------------------------------------- cleaning


def clean_page(gray: Image.Image, dpi: float = TARGET_DPI) -> Image.Image:
    """Dust and JPEG noise smoothed, shaded backgrounds brightened, table rules whitened."""
    pixels = flatten_background(median3(np.asarray(gray)))
    return whiten_rules(
        Image.fromarray(pixels), round(RULE_INCHES * dpi), round(RULE_ACROSS_INCHES * dpi)
    )


def flatten_background(pixels: np.ndarray, factor: int = 4) -> np.ndarray:
    """Shaded cells and grey boxes brightened to nearly the page's usual paper, so that
    Tesseract's global threshold keeps the small labels printed on them: each pixel is
    multiplied by (PAPER_EVEN x usual paper / paper around it) where the paper around it is
    darker than that, and left as it is elsewhere (making all paper white, or evening out
    mild unevenness, changed how ü and ö read). The paper around a
    pixel is the brightest pixel within ~5 x ``factor`` px (wider than a letter's strokes),
    found on a box-reduced copy and scaled back up.

    On 28 generated scans (labels in grey header cells, e.g. "Connaissement n°" read as
    "Fernnalacamant ne"), field F1 0.894 -> 0.917 and line-item cells 0.72 -> 0.86; the 4
    public-corpus images read as before. ~0.02 s on a page with shading."""
    image = Image.fromarray(pixels)
    paper = max_filter(np.asarray(image.reduce(factor)), 2).astype(np.float32)
    usual = float(np.median(paper))
    if paper.min() >= PAPER_EVEN * usual:
        return pixels  # even paper: nothing to flatten (~0.05 s saved)
    gain = np.maximum(PAPER_EVEN * usual / np.maximum(paper, 1.0), 1.0).astype(np.float32)
    # Only the bands of rows with shading are scaled up and multiplied (~10-20 % of a page):
    # the whole page took ~0.08 s, most of it on gains of 1.
    out = pixels.copy()
    height, width = pixels.shape
    step = height / gain.shape[0]  # full rows per reduced row
    for first, last in true_runs(gain.max(axis=1) > 1.0):
        first, last = max(0, first - 1), min(gain.shape[0], last + 1)  # margins to interpolate
        top, bottom = round(first * step), min(height, round(last * step))
        band = Image.fromarray(gain[first:last]).resize((width, bottom - top), BILINEAR)
        rows = np.multiply(pixels[top:bottom], np.asarray(band), dtype=np.float32)
        out[top:bottom] = rows.clip(0, 255).astype(np.uint8)
    return out


def true_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def max_filter(pixels: np.ndarray, radius: int) -> np.ndarray:
    """Maximum over a (2 radius + 1) square, edges replicated; separable, as shifted views."""
    out = pixels
    for axis in (0, 1):
        padded = np.pad(out, [(radius, radius) if a == axis else (0, 0) for a in (0, 1)], "edge")
        length = out.shape[axis]
        views = [
            padded[k : k + length] if axis == 0 else padded[:, k : k + length]
            for k in range(2 * radius + 1)
        ]
        out = np.maximum.reduce(views)
    return out


def median3(pixels: np.ndarray, rows: int = 128) -> np.ndarray:
    """3 x 3 median, edges replicated (equal to PIL's MedianFilter(3), ~15x faster): a 19-step
    min/max sorting network (Paeth) over the nine shifted views, in bands of rows that stay in
    the CPU cache."""
    height, width = pixels.shape
    padded = np.pad(pixels, 1, mode="edge")
    out = np.empty_like(pixels)
    for top in range(0, height, rows):
        band = min(rows, height - top)
        out[top : top + band] = median9(padded[top : top + band + 2], band, width)
    return out


_MEDIAN9_NETWORK = (
    (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
    (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
)  # fmt: skip


def median9(padded: np.ndarray, height: int, width: int) -> np.ndarray:
    v = [padded[dy : dy + height, dx : dx + width] for dy in range(3) for dx in range(3)]
    for i, j in _MEDIAN9_NETWORK:
        v[i], v[j] = np.minimum(v[i], v[j]), np.maximum(v[i], v[j])
    return v[4]


def whiten_rules(gray: Image.Image, min_down: int, min_across: int) -> Image.Image:
    pixels = np.asarray(gray)
    out = pixels.copy()
    out[rule_mask(pixels, min_down, min_across)] = 255
    return Image.fromarray(out)


def rule_mask(pixels: np.ndarray, min_down: int, min_across: int) -> np.ndarray:
    """Pixels of long horizontal and vertical lines (runs of at least ``min_across`` and
    ``min_down`` pixels). A line is a run of ink at Otsu's threshold
    (the ink Tesseract sees), breaks of up to 2 px (JPEG, thin lines) bridged along it; the mask
    then takes the line's anti-aliased fringe at a looser threshold, 1 px across the line.

    Runs are not looked for in the loose ink itself: on blurred scans it joins the letters of a
    word into one run (rows through a bold "Certificate" were whitened: "Coerititrcave"), and a
    shaded box is loose ink from edge to edge, so the text in it was hatched away. Micro F1 on
    13 generated scans 0.70 -> 0.84 (line-item cells 0.02 -> 0.87), on the 4 public-corpus
    images 0.87 -> 0.92 (with the separator dots below). Checking that a run is thin as well (a
    dark block is no rule) lost rules that letters touch: 0.79. (Found at half resolution
    instead, 0.1 s faster, fields read 1.5 points worse.)"""
    ink = pixels < otsu_threshold(pixels)
    faint = ink | (pixels < median_level(pixels[::4, ::4]) - 40)
    mask = np.zeros_like(ink)
    for axis in (1, 0):
        n = min_across if axis == 1 else min_down
        lines = runs_at_least(bridge(ink, axis), n, axis) & ink
        mask |= widen(lines, 1 - axis) & faint
    return mask


def median_level(pixels: np.ndarray) -> int:
    counts = np.cumsum(np.bincount(pixels.ravel(), minlength=256))
    return int(np.searchsorted(counts, counts[-1] / 2))


def bridge(ink: np.ndarray, axis: int) -> np.ndarray:
    """Gaps of up to 2 px along ``axis`` filled (ink widened by 1 px both ways along it)."""
    return widen(ink, axis)


def widen(ink: np.ndarray, axis: int) -> np.ndarray:
    out = ink.copy()
    if axis == 1:
        out[:, 1:] |= ink[:, :-1]
        out[:, :-1] |= ink[:, 1:]
    else:
        out[1:] |= ink[:-1]
        out[:-1] |= ink[1:]
    return out


def gray_to_threshold_ink(gray: Image.Image) -> np.ndarray:
    """Boolean ink mask by Otsu's global threshold."""
    pixels = np.asarray(gray)
    return pixels < otsu_threshold(pixels)


def otsu_threshold(pixels: np.ndarray) -> int:
    # PIL's histogram is the same count as np.bincount, ~4x faster (0.007 s on an A4 page).
    hist = np.array(Image.fromarray(pixels).histogram(), dtype=np.float64)
    p = hist / max(1.0, hist.sum())
    weight = np.cumsum(p)
    mean = np.cumsum(p * np.arange(256))
    between = (mean[-1] * weight - mean) ** 2 / (weight * (1.0 - weight) + 1e-12)
    return int(np.argmax(between[:-1])) + 1  # pixels below this are ink


def remove_rules(ink: np.ndarray, min_run: int) -> np.ndarray:
    """Ink without the horizontal and vertical runs of at least ``min_run`` pixels."""
    rules = runs_at_least(ink, min_run, 1) | runs_at_least(ink, min_run, 0)
    return ink & ~rules


def runs_at_least(ink: np.ndarray, n: int, axis: int = 1) -> np.ndarray:
    """Pixels that lie in a run of >= n ink pixels along ``axis`` (1: across, 0: down): a 1 x n
    opening by prefix sums along rows (columns are transposed to rows first: numpy's running
    sums down columns are ~6x slower)."""
    if axis == 0:
        return runs_at_least(np.ascontiguousarray(ink.T), n).T
    height, width = ink.shape
    if n > width:
        return np.zeros_like(ink)
    rows = np.flatnonzero(np.count_nonzero(ink, axis=1) >= n)  # ~1 row in 5 on a text page
    if len(rows) < height:
        out = np.zeros_like(ink)
        out[rows] = runs_at_least(ink[rows], n) if len(rows) else False
        return out
    counts = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=counts[:, 1:])
    full = (counts[:, n:] - counts[:, :-n]) == n  # the n pixels from x on are all ink
    # x is covered when a full window starts in [x - n + 1, x]: prefix sums over the starts,
    # padded with n - 1 empty starts on the left so that both ends are plain slices.
    starts = np.zeros((height, width + n), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, n : n + full.shape[1]])
    starts[:, n + full.shape[1] :] = starts[:, n + full.shape[1] - 1 : n + full.shape[1]]
    return (starts[:, n : n + width] - starts[:, 0:width]) > 0


# ---------------------------------------------------------------- separator dots

# What Tesseract makes of a middle dot or a bullet between the parts of a letterhead's sender
# line ("Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld"): seen as "-", "+" and "e".
DOT_MISREADINGS = frozenset("-+eo*°~=«»•·●")
DOT_SIZE = (0.1, 0.35)  # its side, as a share of the page's median word height
DOT_MIN_FILL = 0.65  # a solid disk fills ~0.8 of its box; "e", "+" and "o" under 0.5


def is_separator_dot(ink: np.ndarray, box: tuple[int, int, int, int], text_height: float) -> bool:
    """Whether the glyph in ``box`` (x0, top, x1, bottom on the ``ink`` mask) is a small, solid,
    round blob: a dot, not the letter or dash it was read as. A hyphen is at least twice as
    wide as high; a letter leaves much of its box empty."""
    x0, top, x1, bottom = box
    width, height = x1 - x0, bottom - top
    low, high = DOT_SIZE[0] * text_height, DOT_SIZE[1] * text_height
    if not (low <= min(width, height) and max(width, height) <= high):
        return False
    if not 0.6 <= width / height <= 1.6:
        return False
    return float(ink[top:bottom, x0:x1].mean()) >= DOT_MIN_FILL


def ink_to_image(ink: np.ndarray) -> Image.Image:
    """Black ink on white, mode "L"."""
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
