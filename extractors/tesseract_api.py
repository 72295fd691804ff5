"""libtesseract through ctypes: one engine per process and model set, the models loaded once.

Why not only pytesseract: it starts a tesseract process per page, and loading eng+deu+fra+spa
costs ~0.6 s of CPU before the first word is read (~0.2 s for one model), as much as reading a
cleaned page. An engine kept in the worker process pays that once. pytesseract remains the
fallback where the library cannot be loaded (ocr.py decides). The orientation classifier (OSD)
runs here too, on an engine built on the "osd" model, for the same reason.

Engines are per process (keyed by pid): a forked worker builds its own rather than use a copy
of its parent's. A page that runs past ``deadline_s`` is stopped by Tesseract's own monitor.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import threading
import time

PSM_SINGLE_BLOCK = 6
PSM_SINGLE_LINE = 7
PSM_OSD_ONLY = 0
TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)
_LIBRARY_NAMES = ("libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib")


class TesseractApiError(RuntimeError):
    """The engine could not be built (models missing) or failed on a page."""


class DeadlineExceeded(TesseractApiError):
    pass


@functools.cache
def library() -> ctypes.CDLL | None:
    names = [*_LIBRARY_NAMES, ctypes.util.find_library("tesseract")]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        declare(lib)
        return lib
    return None


def declare(lib: ctypes.CDLL) -> None:
    p, c_int, c_char_p = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    signatures = {
        "TessVersion": (c_char_p, []),
        "TessBaseAPICreate": (p, []),
        "TessBaseAPIDelete": (None, [p]),
        "TessBaseAPIEnd": (None, [p]),
        "TessBaseAPIInit3": (c_int, [p, c_char_p, c_char_p]),
        "TessBaseAPISetPageSegMode": (None, [p, c_int]),
        "TessBaseAPISetVariable": (c_int, [p, c_char_p, c_char_p]),
        "TessBaseAPISetImage": (None, [p, c_char_p, c_int, c_int, c_int, c_int]),
        "TessBaseAPISetSourceResolution": (None, [p, c_int]),
        "TessBaseAPIRecognize": (c_int, [p, p]),
        "TessBaseAPIGetTsvText": (p, [p, c_int]),
        "TessBaseAPIClear": (None, [p]),
        "TessDeleteText": (None, [p]),
        "TessMonitorCreate": (p, []),
        "TessMonitorDelete": (None, [p]),
        "TessMonitorSetDeadlineMSecs": (None, [p, c_int]),
        "TessBaseAPIDetectOrientationScript": (
            c_int,
            [p, ctypes.POINTER(c_int), ctypes.POINTER(ctypes.c_float), p, p],
        ),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes


def available() -> bool:
    return library() is not None


class Engine:
    """One TessBaseAPI with its models loaded; not shared between threads (a lock guards it)."""

    def __init__(self, languages: str, psm: int, variables: tuple[tuple[str, str], ...]):
        lib = library()
        if lib is None:
            raise TesseractApiError("libtesseract cannot be loaded")
        self.lib = lib
        self.handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.handle, None, languages.encode()) != 0:
            lib.TessBaseAPIDelete(self.handle)
            raise TesseractApiError(f"cannot load the Tesseract models {languages!r}")
        lib.TessBaseAPISetPageSegMode(self.handle, psm)
        self.psm = psm
        for name, value in variables:
            lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode())
        self.lock = threading.Lock()
        atexit.register(self.close)

    def close(self) -> None:
        """Free the models (Tesseract warns of leaks at exit otherwise)."""
        with self.lock:
            if self.handle:
                self.lib.TessBaseAPIEnd(self.handle)
                self.lib.TessBaseAPIDelete(self.handle)
                self.handle = None

    def gray_to_data(
        self,
        pixels: bytes,
        width: int,
        height: int,
        dpi: int,
        deadline_s: float,
        psm: int | None = None,
    ) -> dict[str, list]:
        """8-bit grey pixels (row by row) -> pytesseract's image_to_data DICT layout. ``psm``:
        another page segmentation for this image only (the same models serve every mode)."""
        lib = self.lib
        with self.lock:
            lib.TessBaseAPISetPageSegMode(self.handle, self.psm if psm is None else psm)
            lib.TessBaseAPISetImage(self.handle, pixels, width, height, 1, width)
            lib.TessBaseAPISetSourceResolution(self.handle, dpi)
            monitor = lib.TessMonitorCreate()
            try:
                lib.TessMonitorSetDeadlineMSecs(monitor, int(deadline_s * 1000))
                start = time.monotonic()
                status = lib.TessBaseAPIRecognize(self.handle, monitor)
                if time.monotonic() - start >= deadline_s:
                    raise DeadlineExceeded(f"page not read within {deadline_s:g} s")
                if status != 0:
                    raise TesseractApiError(f"recognition failed (status {status})")
                text = lib.TessBaseAPIGetTsvText(self.handle, 0)
                try:
                    tsv = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
                finally:
                    if text:
                        lib.TessDeleteText(text)
            finally:
                lib.TessMonitorDelete(monitor)
                lib.TessBaseAPIClear(self.handle)
        return tsv_to_data(tsv)

    def gray_to_orientation(
        self, pixels: bytes, width: int, height: int, dpi: int
    ) -> tuple[int, float] | None:
        """(degrees the text is turned, 0/90/180/270; confidence) by Tesseract's orientation
        classifier (an engine built on the "osd" model), None when it finds too little text.
        In this process: the tesseract CLI costs a process start, the osd model load and an
        image file per page."""
        lib = self.lib
        degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
        with self.lock:
            lib.TessBaseAPISetImage(self.handle, pixels, width, height, 1, width)
            lib.TessBaseAPISetSourceResolution(self.handle, dpi)
            # The orientation pass reads the resolution from here, not from the image.
            lib.TessBaseAPISetVariable(self.handle, b"user_defined_dpi", str(dpi).encode())
            try:
                found = lib.TessBaseAPIDetectOrientationScript(
                    self.handle, ctypes.byref(degrees), ctypes.byref(confidence), None, None
                )
            finally:
                lib.TessBaseAPIClear(self.handle)
        return (degrees.value, confidence.value) if found else None


def engine(languages: str, psm: int, variables: tuple[tuple[str, str], ...]) -> Engine:
    return _engine(os.getpid(), languages, psm, variables)


@functools.cache
def _engine(pid: int, languages: str, psm: int, variables: tuple[tuple[str, str], ...]) -> Engine:
    return Engine(languages, psm, variables)


def tsv_to_data(tsv: str) -> dict[str, list]:
    data: dict[str, list] = {column: [] for column in TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < len(TSV_COLUMNS) - 1:
            continue
        cells += [""] * (len(TSV_COLUMNS) - len(cells))
        for column, cell in zip(TSV_COLUMNS, cells, strict=False):
            data[column].append(cell if column in ("text", "conf") else int(cell))
    return data
