"""A document page as a PNG, for the declaration view's "where did this value come from".

Pages are rendered as extractors.provenance renders them (PDF at RENDER_DPI, images as
stored), so a value's box, in PDF points or image pixels, lands on the picture after one
multiplication by ``box_scale``. With a box, the page comes back with that box drawn on it
(provenance.draw_boxes): what a browser without JavaScript shows. Rendered pages are kept
in a small in-process cache keyed by content address, page and box; access is checked on
every request before the cache is consulted.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

import pypdfium2 as pdfium

from clearway.models import Extraction, FieldValue
from clearway.settings import Settings
from extractors import provenance
from storage.db import transaction
from storage.objects import ObjectStore
from web import access
from web.accounts import User

RENDERABLE = ("application/pdf", "image/png", "image/jpeg", "image/tiff")
CACHE_PAGES = 64

Box = tuple[float, float, float, float]
Key = tuple[str, int, Box | None, str]  # sha256, page, box, label


def box_scale(media_type: str | None) -> float:
    """Pixels of the rendered page per box unit: points for PDF, pixels for images."""
    return provenance.RENDER_DPI / 72 if media_type == "application/pdf" else 1.0


def parse_box(text: str | None) -> Box | None:
    """``"x0,top,x1,bottom"`` as four finite, ordered numbers; anything else is no box."""
    if not text:
        return None
    try:
        x0, top, x1, bottom = (float(p) for p in text.split(","))
    except ValueError:
        return None
    box = (x0, top, x1, bottom)
    if any(c != c or abs(c) > 1e6 for c in box) or x1 < x0 or bottom < top:
        return None
    return box


class _Cache:
    """Least recently used PNGs, safe across the server's worker threads."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Key, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            png = self._items.get(key)
            if png is not None:
                self._items.move_to_end(key)
            return png

    def put(self, key: Key, png: bytes) -> None:
        with self._lock:
            self._items[key] = png
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


CACHE = _Cache(CACHE_PAGES)


def render_png(
    data: bytes, media_type: str | None, page: int, box: Box | None = None, label: str = ""
) -> bytes:
    """Page ``page`` (1-based) as PNG, with ``box`` outlined and named when given.
    Raises IndexError for a page the document does not have."""
    if page < 1:
        raise IndexError(page)
    try:
        if box is None:
            image, _ = provenance.page_image(data, media_type, page)
        else:
            one = FieldValue(value=label, confidence=1.0, page=page, bbox=box)
            image = provenance.draw_boxes(data, _one_box(media_type, label, one), page)
    except (IndexError, EOFError, pdfium.PdfiumError) as exc:  # no such page
        raise IndexError(page) from exc
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _one_box(media_type: str | None, label: str, value: FieldValue) -> Extraction:
    return Extraction(
        file="", sha256="", status="extracted", media_type=media_type,
        fields={label or "value": value},
    )  # fmt: skip


def page_png(
    settings: Settings,
    user: User,
    document_ref: str,
    page: int,
    box: Box | None = None,
    label: str = "",
) -> bytes:
    """The page of a document this user may see, as PNG; WebRefused(404) otherwise."""
    with transaction(settings) as conn:
        doc = access.document_row(conn, user, document_ref)
    # Reads "There is no page 9 of CWD-... that you can see."
    where = f"{page} of {doc['document_ref']}"
    if doc["media_type"] not in RENDERABLE:
        raise access.not_found("page image", where)
    label = label[:60] if box else ""
    key = (doc["sha256"], page, box, label)
    png = CACHE.get(key)
    if png is None:
        data = ObjectStore(settings).get_raw(doc["sha256"])
        try:
            png = render_png(data, doc["media_type"], page, box, label)
        except IndexError:
            raise access.not_found("page", where) from None
        CACHE.put(key, png)
    return png
