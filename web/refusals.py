"""The web layer's refusal: a coded error with the HTTP status it is answered with."""

from __future__ import annotations

from clearway.errors import ClearwayError
from clearway.models import ErrorInfo


class WebRefused(ClearwayError):
    """A request the portal refuses (CW8xx, or a CW1xx/CW7xx it passes on). Nothing was
    written. ``details`` are further coded errors, e.g. one per refused file."""

    def __init__(self, status: int, info: ErrorInfo, details: tuple[ErrorInfo, ...] = ()):
        super().__init__(info)
        self.status = status
        self.details = details
