"""Page images -> Words by Tesseract: upright, level, cleaned, 210-400 dpi; pages in parallel.

page_image_to_words: gray -> quarter turn if the text lines run down the page, and the skew
(±5°) -> levelled, and scaled where it is coarser than 210 dpi (to 240) or finer than 400 (to
300: ocr_image.ocr_scale) -> cleaned (dust smoothed, shaded cells brightened,
table rules whitened) -> half turn if the page stands upside down (an ascender/descender test;
Tesseract's orientation classifier, in this process, only when that test is undecided) ->
Tesseract (psm 6) in this process through libtesseract, with its models kept loaded and told
the resolution read at -> lines of large print it left unread, and cells of read lines it
dropped or read as garbage, read again alone (ocr_large_lines).

Coordinates: boxes are pixels of the *upright, levelled* page at the image's own scale (the
scaling is undone), which is what line finding needs. PageWords.width/height are that
upright page's size, so a page delivered turned by 90° reports its width and height swapped;
its rotation and skew travel with it (scan_geometry.ScanPage) so that value boxes can be taken
back to the page as delivered.

Measured on 57 scans (200 dpi synthetic with ruled grids, and the public 150-200 dpi renders),
fields right: 48 % -> 78 %, the same on pages turned by 90/180/270° and skewed by ±3°. Page
segmentation: psm 6 ("one uniform block") keeps table rows together as lines, which the label
finder and the table reader need; psm 4 read 0.8 points fewer fields, 3 and 11 fewer still
(again on 28 generated scans and the public images, 2026-11-22: psm 11 the same on the scans
but line items 0.72 -> 0.66 and public images 0.921 -> 0.903, and ~10 % slower).
CPU a page at 300 dpi, one process, OMP_THREAD_LIMIT=1 (generated scans, 2026-11-22): Tesseract
~0.8-0.9 s with 4 languages loaded (a 200 dpi scan read as scanned instead of brought to 300:
about half) (~0.55 s with eng alone: words not accepted in one language
are tried in the others), preparation ~0.3 s, fields ~0.07 s.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from clearway import errors
from clearway.errors import DocumentUnreadable
from clearway.models import Word
from extractors import (
    ocr_accents,
    ocr_glyphs,
    ocr_image,
    ocr_large_lines,
    ocr_marks,
    tesseract_api,
)
from extractors.ocr_large_lines import large_line_words
from extractors.scan_geometry import ScanPage
from extractors.workers import init_worker, kill_pool

# Tesseract's OpenMP threads fight each other on small machines (~6x slower per page);
# parallelism comes from worker processes instead. Set before pytesseract spawns tesseract.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PSM = tesseract_api.PSM_SINGLE_BLOCK
LINE_PSM = tesseract_api.PSM_SINGLE_LINE  # a large line the page pass missed (ocr_large_lines)
# Inverted (white on black) text is rare on customs documents; not looking for it saves ~10 %.
# Its line recogniser also prints to stderr about specks in a re-read title strip ("Image too
# small to scale!!"): nothing a reader of the logs can act on.
TESSERACT_VARIABLES = (("tessedit_do_invert", "0"), ("debug_file", "/dev/null"))
# The orientation pass takes the resolution from a copy of the image that has none and warns
# ("Invalid resolution 0 dpi") on every page; only its line removal uses it.
OSD_VARIABLES = (("debug_file", "/dev/null"),)
# Below this the orientation classifier is guessing: an upright invoice set in a serif face,
# mostly digits, came back "180" at 0.28; the right answers on 28 generated scans were >= 1.4.
OSD_MIN_CONFIDENCE = 1.0
MIN_WORD_CONFIDENCE = 0.10  # below this Tesseract's "words" are mostly speckle
# Text-layer words carry confidence 1.0; OCR'd words stay below it, so a word's confidence
# alone tells whether it was OCR'd (confusable repair applies to OCR'd words only).
MAX_WORD_CONFIDENCE = 0.99
PAGE_TIMEOUT_S = 90  # one Tesseract call; the document's own limit is batch.py's
MAX_PAGE_PIXELS = 90_000_000  # ~A3 at 600 dpi; larger frames are refused before decoding


@dataclass(frozen=True)
class PageWords:
    """One OCR'd page: words in pixels of the upright page, and that page's size."""

    words: tuple[Word, ...]
    width: float
    height: float
    rotation: int = 0  # degrees the page was turned clockwise to stand upright
    skew: float = 0.0  # degrees it was then turned counter-clockwise to level its lines

    def to_page(self, number: int, factor: float = 1.0, unit: str = "px") -> ScanPage:
        """As a Page; ``factor`` converts pixels to the page unit (72 / dpi for PDF points)."""
        return ScanPage(
            number=number,
            width=self.width * factor,
            height=self.height * factor,
            source="ocr",
            unit=unit,  # type: ignore[arg-type]
            words=tuple(scale_words(list(self.words), factor)) if factor != 1.0 else self.words,
            rotation=self.rotation,
            skew=self.skew,
        )


# ---------------------------------------------------------------- one page


def page_image_to_words(
    image: Image.Image, languages: str, file: str, page: int, dpi: float | None = None
) -> PageWords:
    """OCR one page image (any mode, any orientation); ``dpi`` if known (rendered PDF pages)."""
    gray = ocr_image.frame_to_gray(image)
    sideways, skew = ocr_image.lines_direction(gray)
    rotation = 0
    if sideways:
        gray, rotation = gray.transpose(Image.Transpose.ROTATE_270), 90
    scale = ocr_image.ocr_scale(gray.size, dpi)
    read_dpi = round(ocr_image.page_dpi(gray.size, dpi) * scale)
    clean = ocr_image.clean_page(ocr_image.level_and_scale(gray, skew, scale), read_dpi)
    ink = ocr_image.gray_to_threshold_ink(clean)  # one Otsu pass (~0.05 s) for both tests
    turn = half_turn_needed(clean, ink, read_dpi)
    if turn:
        clean, rotation = clean.transpose(Image.Transpose.ROTATE_180), (rotation + turn) % 360
        ink = ink[::-1, ::-1]
    words = image_to_tesseract_words(clean, languages, file, page, dpi=read_dpi)
    read_strip = strip_reader(clean, languages, file, page, read_dpi)
    words += large_line_words(ink, words, read_strip)
    words = ocr_large_lines.reread_cells(ink, words, read_strip)
    words = ocr_large_lines.join_split_capitals(words)
    words = separator_dots_named(words, ink)
    words = ocr_marks.ordinal_marks_joined(words)
    words = ocr_glyphs.settle_o_and_zero(words, ink)
    return PageWords(
        words=tuple(scale_words(words, gray.width / clean.width)),
        width=float(gray.width),
        height=float(gray.height),
        rotation=rotation,
        skew=skew if abs(skew) >= ocr_image.MIN_DESKEW_DEGREES else 0.0,
    )


def strip_reader(
    clean: Image.Image, languages: str, file: str, page: int, dpi: int = ocr_image.TARGET_DPI
) -> ocr_large_lines.ReadStrip:
    """Reads one line cut from the cleaned page (psm 7), its words in page pixels."""

    def read(box: tuple[int, int, int, int]) -> list[Word]:
        x0, top = box[0], box[1]
        strip = clean.crop(box)
        words = image_to_tesseract_words(strip, languages, file, page, psm=LINE_PSM, dpi=dpi)
        return [
            w.model_copy(
                update={
                    "x0": w.x0 + x0,
                    "x1": w.x1 + x0,
                    "top": w.top + top,
                    "bottom": w.bottom + top,
                }
            )
            for w in words
        ]

    return read


def half_turn_needed(clean: Image.Image, ink: np.ndarray, dpi: int = ocr_image.TARGET_DPI) -> int:
    """180 when the cleaned page stands upside down, else 0. The ascender test (on ``ink``,
    the page's Otsu ink mask) decides clear cases for free (on 57 scans, upright pages scored
    >= 0.52, upside-down ones <= 0.48); Tesseract's orientation classifier (~0.3 s a page) is
    asked only when it is undecided."""
    score = ocr_image.upright_score(ink)
    if abs(score - 0.5) >= ocr_image.UPRIGHT_MARGIN:
        return 0 if score > 0.5 else 180
    osd = osd_rotation(clean, dpi)
    if osd in (0, 180):
        return osd
    return 0 if score >= 0.5 else 180


def osd_rotation(image: Image.Image, dpi: int = ocr_image.TARGET_DPI) -> int | None:
    """Tesseract's orientation (0/90/180/270) of a page as read, None when it cannot tell
    (too little text) or fails. At full resolution: on a 1800 px thumbnail (~150 dpi) it
    called 4 of 28 upright generated scans upside down, one of them where the ascender test
    was undecided; at 300 dpi it agreed with the ascender test on every page that test decided."""
    if tesseract_api.available():
        try:
            osd = tesseract_api.engine("osd", tesseract_api.PSM_OSD_ONLY, OSD_VARIABLES)
            found = osd.gray_to_orientation(image.tobytes(), image.width, image.height, dpi)
        except tesseract_api.TesseractApiError:  # no osd model: the ascender test decides
            return None
        if not found or found[1] < OSD_MIN_CONFIDENCE:
            return None
        return found[0] if found[0] in (0, 90, 180, 270) else None
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(
            image,
            config=f"--psm 0 --dpi {dpi} -c min_characters_to_try=10",
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT_S,
        )
    except (pytesseract.TesseractError, RuntimeError, OSError):
        return None
    if float(osd.get("orientation_conf", 0.0)) < OSD_MIN_CONFIDENCE:
        return None
    rotate = int(osd.get("rotate", 0))
    return rotate if rotate in (0, 90, 180, 270) else None


# ---------------------------------------------------------------- Tesseract


def load_models(languages: str) -> None:
    """Build this process's Tesseract engines for ``languages`` and for orientation now (~0.6 s
    of CPU for four models), and the word lists that restore accents (~0.2 s a language), so
    that the first page read does not pay for them; no-op without libtesseract."""
    if not tesseract_api.available():
        return
    lang = usable_languages(languages) or "eng"
    for models, psm, variables in (
        (lang, PSM, TESSERACT_VARIABLES),
        ("osd", tesseract_api.PSM_OSD_ONLY, OSD_VARIABLES),
    ):
        # An engine that fails to load is reported (or done without) when a page is read.
        with contextlib.suppress(tesseract_api.TesseractApiError):
            tesseract_api.engine(models, psm, variables)
    ocr_accents.load_dictionaries(lang)


@functools.cache
def installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - a missing binary is reported when OCR actually runs
        return frozenset()


def usable_languages(wanted: str) -> str:
    """The requested ``eng+deu`` languages that are installed (eng if none is)."""
    have = installed_languages()
    langs = [lang for lang in wanted.split("+") if lang in have]
    return "+".join(langs) or ("eng" if "eng" in have else "")


def separator_dots_named(words: list[Word], ink: np.ndarray) -> list[Word]:
    """Middle dots and bullets that Tesseract read as "-", "+" or "e" named "·" again, from the
    glyph's shape (ocr_image.is_separator_dot on ``ink``, the read page's Otsu ink mask):
    sender lines are found by these separators."""
    suspects = [i for i, w in enumerate(words) if w.text in ocr_image.DOT_MISREADINGS]
    if not suspects:
        return words
    heights = sorted(w.bottom - w.top for w in words if any(ch.isalnum() for ch in w.text))
    if not heights:
        return words
    out = list(words)
    for i in suspects:
        w = words[i]
        box = (round(w.x0), round(w.top), round(w.x1), round(w.bottom))
        if ocr_image.is_separator_dot(ink, box, heights[len(heights) // 2]):
            out[i] = w.model_copy(update={"text": "·"})
    return out


def image_to_tesseract_words(
    image: Image.Image,
    languages: str,
    file: str,
    page: int,
    psm: int = PSM,
    dpi: int = ocr_image.TARGET_DPI,
) -> list[Word]:
    """Tesseract on an already prepared grey image; boxes in its pixels. Through libtesseract
    with the models kept loaded where the library is available, else one tesseract process."""
    lang = usable_languages(languages) or "eng"
    try:
        if tesseract_api.available():
            data = tesseract_api.engine(lang, PSM, TESSERACT_VARIABLES).gray_to_data(
                image.tobytes(),
                image.width,
                image.height,
                dpi,
                PAGE_TIMEOUT_S,
                psm=psm,
            )
        else:
            data = cli_image_to_data(image, lang, psm, dpi)
    except tesseract_api.DeadlineExceeded as exc:
        raise DocumentUnreadable(errors.TIMEOUT.info(file=file, seconds=PAGE_TIMEOUT_S)) from exc
    except (tesseract_api.TesseractApiError, OSError) as exc:
        raise DocumentUnreadable(
            errors.OCR_FAILED.info(file=file, page=page, detail=str(exc)[:160])
        ) from exc
    return tesseract_data_to_words(data)


def cli_image_to_data(
    image: Image.Image, lang: str, psm: int = PSM, dpi: int = ocr_image.TARGET_DPI
) -> dict[str, list]:
    """The same through a tesseract process per page (pytesseract)."""
    import pytesseract

    image.format = "PPM"  # pytesseract hands the image over as a file: PNG costs ~0.4 s a page
    options = " ".join(f"-c {name}={value}" for name, value in TESSERACT_VARIABLES)
    try:
        return pytesseract.image_to_data(
            image,
            lang=lang,
            config=f"--psm {psm} --dpi {dpi} {options}",
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT_S,
        )
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
        raise tesseract_api.TesseractApiError(str(exc)) from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise tesseract_api.DeadlineExceeded(str(exc)) from exc


def tesseract_data_to_words(data: dict[str, list]) -> list[Word]:
    words: list[Word] = []
    previous: tuple[tuple, Word] | None = None  # (Tesseract's line, the word) last kept
    lines = zip(
        data.get("block_num", ()), data.get("par_num", ()), data.get("line_num", ()), strict=False
    )
    for text, conf, left, top, width, height, line in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        itertools.chain(lines, itertools.repeat(None)),
        strict=False,
    ):
        text = str(text).strip()
        confidence = float(conf) / 100.0
        if not text or (confidence < MIN_WORD_CONFIDENCE and not is_unsure_code(text)):
            continue
        word = Word(
            text=text,
            x0=float(left),
            top=float(top),
            x1=float(left + width),
            bottom=float(top + height),
            confidence=min(MAX_WORD_CONFIDENCE, confidence),
        )
        before = previous[1] if previous is not None and previous[0] == line else None
        if text.rstrip(_AFTER_WORD) == "|" and is_capital_i(word, before):
            word = word.model_copy(
                update={"text": "I" + text[1:], "confidence": word.confidence * 0.9}
            )
        elif is_speckle(text, confidence):
            continue
        words.append(word)
        previous = (line, word)
    return words


# Tesseract gives some words of figures and capitals no confidence at all ("HLCU3671 13998" of a
# bill of lading number, at 0.0): speckle is never that long a run of letters and figures.
MIN_UNSURE_CODE = 5


def is_unsure_code(text: str) -> bool:
    core = text.strip(".,:;")
    return (
        len(core) >= MIN_UNSURE_CODE
        and all(c.isalnum() or c in "-/." for c in core)
        and any(c.isdigit() for c in core)
    )


# A bar no taller than the letters before it and a word space after them is the capital I of
# sans-serif print ("class I", "Type I"); a table rule stands taller or further off.
I_MAX_HEIGHT = 1.15  # times the previous word's height
I_MAX_GAP = 0.6  # the previous word's heights between it and the bar
_AFTER_WORD = ",;.:)"  # "class I;" reads "class |;"


def is_capital_i(bar: Word, before: Word | None) -> bool:
    if before is None or not any(ch.isalpha() for ch in before.text):
        return False
    size = before.bottom - before.top
    gap = bar.x0 - before.x1
    return bar.bottom - bar.top <= I_MAX_HEIGHT * size and 0 <= gap <= I_MAX_GAP * size


_KEPT_SYMBOLS = {":", "-", "/", "#", "€", "$", "£", "%", "&", "+", "·", "•", "●"}


def is_speckle(text: str, confidence: float) -> bool:
    """Table rules and scan noise read as "|", "‘", "=", "_": no letter or digit, and not a
    symbol the finders use."""
    if any(ch.isalnum() for ch in text):
        return False
    return text not in _KEPT_SYMBOLS or confidence < 0.5


def scale_words(words: list[Word], factor: float) -> list[Word]:
    """Pixel boxes -> another unit (PDF points for rendered PDF pages, original pixels for
    upscaled images)."""
    return [
        w.model_copy(
            update={
                "x0": w.x0 * factor,
                "top": w.top * factor,
                "x1": w.x1 * factor,
                "bottom": w.bottom * factor,
            }
        )
        for w in words
    ]


# ---------------------------------------------------------------- several pages


def images_to_words(
    images: Iterable[Image.Image],
    languages: str,
    file: str,
    workers: int | None = None,
    dpi: float | Sequence[float | None] | None = None,
    numbers: Sequence[int] | None = None,
) -> list[PageWords]:
    """OCR pages in parallel worker processes, results in page order. ``images`` may be a
    generator (rendered PDF pages): at most two pages per worker are held at a time. ``dpi``:
    one for all pages, or one per page (PDF pages rendered at different scales); ``numbers``:
    the pages' numbers in the document, for error messages (1, 2, 3... if not given).

    ``workers`` defaults to the CPUs available, or 1 inside a worker process (a batch already
    runs one document per CPU). If the caller is interrupted (the batch's per-document alarm),
    the workers are killed before the interruption goes on."""
    workers = workers or default_workers()
    dpis = list(dpi) if isinstance(dpi, Sequence) else None
    calls = (
        (
            image,
            languages,
            file,
            numbers[i] if numbers is not None else i + 1,
            dpis[i] if dpis is not None else dpi,
        )
        for i, image in enumerate(images)
    )
    if workers <= 1:
        return [page_image_to_words(*call) for call in calls]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=init_worker)
    finished = False
    try:
        results = list(_ordered_results(pool, calls, workers * 2))
        finished = True
        return results
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            kill_pool(pool)


def _ordered_results(
    pool: ProcessPoolExecutor, calls: Iterable[tuple], in_flight: int
) -> Iterator[PageWords]:
    pending: list[Future] = []
    for call in calls:
        pending.append(pool.submit(page_image_to_words, *call))
        if len(pending) >= in_flight:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


# A worker process loads its own Tesseract models (~0.7 s of CPU with four languages, as much
# as reading half a page): a pool pays off only where each worker reads a few pages. A 2-page
# scan read by 2 workers took ~5-6 s of CPU, read in this process ~2.6 s.
MIN_PAGES_PER_WORKER = 2


def page_workers(pages: int) -> int:
    """Worker processes for a document of ``pages`` OCR pages: 1 (this process, its models
    already loaded) unless every worker gets MIN_PAGES_PER_WORKER pages."""
    return max(1, min(pages // MIN_PAGES_PER_WORKER, default_workers()))


def default_workers() -> int:
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_scale(width_pt: float, height_pt: float, dpi: float) -> float:
    """Pixels per point for rendering a PDF page at ``dpi``, lowered so that an oversized page
    (a poster, a forged 200-inch MediaBox) stays within MAX_PAGE_PIXELS."""
    scale = dpi / 72.0
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PAGE_PIXELS:
        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    return scale
