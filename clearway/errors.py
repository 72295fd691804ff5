"""Coded errors. Documents fail softly (a status and a code); infrastructure fails loudly.

Every code is stable and searchable; its message tells a data steward what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from clearway.models import ErrorInfo


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    template: str  # str.format template; the action a steward can take is part of it

    def info(self, **kw: object) -> ErrorInfo:
        return ErrorInfo(code=self.code, name=self.name, message=self.template.format(**kw))


# CW1xx: intake (the file itself is not acceptable) -> status "rejected"
EMPTY_FILE = Code(
    "CW101", "empty_file", "The file {file} is empty (0 bytes). Ask the sender to send it again."
)
UNSUPPORTED_TYPE = Code(
    "CW102",
    "unsupported_type",
    "The file {file} is {detected}, not a PDF, PNG, JPEG, TIFF, ZIP or e-invoice XML. Ask the"
    " sender for a PDF or an image.",
)
TOO_LARGE = Code(
    "CW103",
    "file_too_large",
    "The file {file} is {size} bytes, over the limit of {limit} bytes. Ask the sender to split or "
    "compress it, or raise CLEARWAY_MAX_FILE_BYTES.",
)
CORRUPT = Code(
    "CW104",
    "corrupt_file",
    "The file {file} cannot be opened as {kind} ({detail}). Ask the sender for an undamaged copy.",
)
ENCRYPTED = Code(
    "CW105",
    "encrypted_pdf",
    "The PDF {file} is password-protected. Ask the sender for an unprotected copy.",
)
TOO_MANY_PAGES = Code(
    "CW106",
    "too_many_pages",
    "The file {file} has {pages} pages, over the limit of {limit}. Ask the sender to split it, or "
    "raise CLEARWAY_MAX_PAGES.",
)
BAD_ARCHIVE = Code(
    "CW107",
    "bad_archive",
    "The archive {file} cannot be unpacked safely ({detail}). Ask the sender for the documents as "
    "separate attachments.",
)
# CW2xx: reading (the file is fine but no text could be read) -> status "failed"
NO_TEXT = Code(
    "CW201",
    "no_text",
    "No text could be read from {file}, neither from a text layer nor by OCR. Check the scan "
    "quality and re-run, or type the values in review.",
)
OCR_FAILED = Code(
    "CW202",
    "ocr_failed",
    "OCR failed on page {page} of {file}: {detail}. Check that Tesseract and its language data are"
    " installed, then re-run.",
)
TIMEOUT = Code(
    "CW203",
    "timeout",
    "Reading {file} took longer than {seconds} s and was stopped. Re-run it alone, or review it by"
    " hand.",
)
# CW3xx: extraction -> status "partial" or document type "other"
UNKNOWN_TYPE = Code(
    "CW301",
    "unknown_document_type",
    "{file} was not recognised as an invoice, packing list, waybill or permit. Set its type in "
    "review if it is one.",
)
MISSING_FIELDS = Code(
    "CW302",
    "required_fields_missing",
    "{file} lacks required fields: {fields}. Enter them in review or ask the sender for a clearer "
    "copy.",
)
LOW_CONFIDENCE = Code(
    "CW303",
    "low_confidence",
    "{file}: {fields} read with low confidence. Check them in review.",
)
# CW4xx: e-mail intake
NO_ATTACHMENT = Code(
    "CW401",
    "no_usable_attachment",
    "The e-mail {message_id} from {sender} has no PDF, image or ZIP attachment. The sender was "
    "asked to resend with the documents attached.",
)

ALL_CODES: dict[str, Code] = {
    c.code: c
    for c in (
        EMPTY_FILE,
        UNSUPPORTED_TYPE,
        TOO_LARGE,
        CORRUPT,
        ENCRYPTED,
        TOO_MANY_PAGES,
        BAD_ARCHIVE,
        NO_TEXT,
        OCR_FAILED,
        TIMEOUT,
        UNKNOWN_TYPE,
        MISSING_FIELDS,
        LOW_CONFIDENCE,
        NO_ATTACHMENT,
    )
}


class ClearwayError(Exception):
    """Base class; carries a coded ErrorInfo."""

    def __init__(self, info: ErrorInfo):
        super().__init__(f"{info.code} {info.name}: {info.message}")
        self.info = info


class DocumentRejected(ClearwayError):
    """The file is not acceptable (type, size, encryption, corruption). Soft: the run goes on."""


class DocumentUnreadable(ClearwayError):
    """The file is acceptable but could not be read. Soft: the run goes on."""


class ServiceUnavailable(RuntimeError):
    """A service (database, object store, mailbox, SMTP) is unreachable. Loud: Airflow retries."""

    def __init__(self, service: str, detail: str, hint: str = ""):
        msg = f"{service} is unavailable: {detail}."
        if hint:
            msg += f" {hint}"
        super().__init__(msg)
        self.service = service
