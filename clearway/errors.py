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


# CW1xx: intake (the file itself is not acceptable) -> status "rejected". The sentences speak
# to whoever sent the file (a trader at the upload page reads them, an e-mail sender in the
# acknowledgement), so they say what to send, not "ask the sender".
EMPTY_FILE = Code("CW101", "empty_file", "The file {file} is empty (0 bytes). Send it again.")
UNSUPPORTED_TYPE = Code(
    "CW102",
    "unsupported_type",
    "The file {file} is {detected}, not a PDF, PNG, JPEG, TIFF, ZIP or e-invoice XML. Send the "
    "document as a PDF or an image.",
)
TOO_LARGE = Code(
    "CW103",
    "file_too_large",
    "The file {file} is {size} bytes, over the limit of {limit} bytes. Split or compress it and "
    "send it again (an administrator can raise CLEARWAY_MAX_FILE_BYTES).",
)
CORRUPT = Code(
    "CW104",
    "corrupt_file",
    "The file {file} cannot be opened as {kind} ({detail}). Send an undamaged copy.",
)
ENCRYPTED = Code(
    "CW105",
    "encrypted_pdf",
    "The PDF {file} is password-protected. Send a copy without a password (ask whoever issued it"
    " for one).",
)
TOO_MANY_PAGES = Code(
    "CW106",
    "too_many_pages",
    "The file {file} has {pages} pages, over the limit of {limit}. Split it into files of at most "
    "{limit} pages and send them again (an administrator can raise CLEARWAY_MAX_PAGES).",
)
BAD_ARCHIVE = Code(
    "CW107",
    "bad_archive",
    "The archive {file} cannot be unpacked safely ({detail}). Send the documents as separate "
    "files.",
)
IMAGE_TOO_LARGE = Code(
    "CW108",
    "image_too_large",
    "The image {file} has {detail}, over the limit of {limit} megapixels a page (a page scanned at"
    " 300 dpi has under 10). Scan it again at 300 dpi and send it again.",
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
# CW5xx: the steward's and operator's commands (`clearway status`, `handoff retry`, `boxes`)
# -> the command is refused, one line on stderr, exit code 2
UNKNOWN_REFERENCE = Code(
    "CW501",
    "unknown_reference",
    "Unknown reference {ref!r}: there is no such document, consignment or upload. A document "
    "reference looks like CWD-XXXX-XXXX-XX, a consignment reference CWC-XXXX-XXXX-XX and a web "
    "upload CWU-XXXX-XXXX-XX; check it against the acknowledgement e-mail.",
)
NOTHING_TO_RETRY = Code(
    "CW502",
    "nothing_to_retry",
    "Nothing to re-queue for {ref}: {why}. Only dead deliveries are re-queued; `clearway handoff "
    "status` lists them.",
)
NO_SUCH_FILE = Code(
    "CW503",
    "no_such_file",
    "There is no file {path}. Check the path (a relative path starts from {cwd}).",
)
# CW6xx: hand-off to the assessment system -> outbox row "dead" (`clearway handoff status`)
HANDOFF_UNDELIVERED = Code(
    "CW601",
    "handoff_undelivered",
    "The declaration {ref} v{version} was not delivered to the assessment system in {attempts} "
    "attempts (last: {detail}). Check CLEARWAY_ASSESSMENT_URL and that system, then re-queue it "
    "with `clearway handoff retry {ref}`.",
)
HANDOFF_REFUSED = Code(
    "CW602",
    "handoff_refused",
    "The assessment system refused the declaration {ref} v{version} (HTTP {status}: {detail}). "
    "Check the declaration against that system's contract, then re-queue it with "
    "`clearway handoff retry {ref}`.",
)

# CW7xx: assessment (declarations, amendments, decisions) -> the command is refused
UNKNOWN_CONSIGNMENT = Code(
    "CW701",
    "unknown_consignment",
    "There is no consignment {ref}. Check the reference (CWC-…) with `clearway status {ref}`.",
)
NO_DECLARATION = Code(
    "CW702",
    "no_declaration",
    "The consignment {ref} has no declaration yet; it is pre-filled when the consignment is "
    "handed off. Check what it is waiting for with `clearway status {ref}`.",
)
UNKNOWN_VERSION = Code(
    "CW703",
    "unknown_declaration_version",
    "The declaration of {ref} has no version {version}; it has versions 1 to {latest}.",
)
UNKNOWN_FIELD = Code(
    "CW704",
    "unknown_declaration_field",
    "{field} is not a field that can be amended. Use a top-level key ({top}) or items.N.KEY "
    "for item N (0 to {last}) with KEY one of {item_keys}.",
)
UNKNOWN_ROLE = Code(
    "CW705",
    "unknown_role",
    "{role} is not a role; use one of {roles} (declarations/data/amendment_roles.yaml).",
)
AMENDMENT_REFUSED = Code(
    "CW706",
    "amendment_not_allowed",
    "The role {role} may not change {field}. It may change: {allowed}. Ask someone whose role "
    "may change it ({who}).",
)
INVALID_VALUE = Code(
    "CW707",
    "invalid_amended_value",
    "{value!r} is not a valid value for {field}: {detail}. Enter it again.",
)
UNKNOWN_DECISION = Code(
    "CW708",
    "unknown_decision",
    "{decision} is not a decision; use one of {decisions}.",
)
NOTHING_REQUESTED = Code(
    "CW709",
    "nothing_requested",
    "A request for documents must say what is requested: name each document (in the workbench"
    " one per line; on the command line --request DOCUMENT once per document, e.g. --request "
    "certificate_of_origin).",
)
REASON_REQUIRED = Code(
    "CW710",
    "reason_required",
    "An amendment needs a reason that an auditor can read; give it with --reason.",
)

# CW8xx: the web portal (`clearway serve`) -> the request is refused, nothing is changed
SIGN_IN_FAILED = Code(
    "CW801",
    "sign_in_failed",
    "The e-mail address or password is wrong, or the account is disabled. Try again, or ask an "
    "administrator to check your account.",
)
SIGN_IN_REQUIRED = Code(
    "CW802",
    "sign_in_required",
    "You are not signed in, or your session has ended. Sign in again.",
)
FORBIDDEN = Code(
    "CW803",
    "forbidden",
    "Your role ({role}) cannot use this page. Ask an administrator if you need it.",
)
CSRF_REFUSED = Code(
    "CW804",
    "csrf_refused",
    "The form had expired or did not come from this site, so nothing was changed. Reload the "
    "page and send it again.",
)
NOT_FOUND = Code(
    "CW805",
    "not_found",
    "There is no {what} {ref} that you can see. Check the reference against your acknowledgement.",
)
NO_FILES = Code(
    "CW806",
    "no_files",
    "No file was chosen. Choose one or more PDF, image or ZIP files to upload.",
)
TOO_MANY_FILES = Code(
    "CW807",
    "too_many_files",
    "{count} files were sent at once, over the limit of {limit}. Send them in several uploads.",
)
UPLOAD_TOO_LARGE = Code(
    "CW808",
    "upload_too_large",
    "The upload is over the limit of {limit} bytes in all. Send fewer or smaller files at a "
    "time; one file may be up to {file_limit} bytes.",
)
UPLOAD_REFUSED = Code(
    "CW809",
    "upload_refused",
    "Nothing was stored: {count} of the files cannot be accepted (reasons below). Remove or "
    "replace them and upload again.",
)
INVALID_USER = Code(
    "CW810",
    "invalid_user",
    "{detail}",
)
INVALID_REQUEST = Code(
    "CW811",
    "invalid_request",
    "The request is not complete or not valid ({detail}). Correct it and send it again.",
)
NOT_ASSIGNED = Code(
    "CW812",
    "not_assigned",
    "The consignment {ref} is not in your inbox, so you cannot decide on or amend it. Ask the "
    "assessor it is assigned to ({assessor}), or a steward to reassign it.",
)
UNKNOWN_REVIEW_FIELD = Code(
    "CW813",
    "unknown_review_field",
    "{field} is not a value of the {doc_type} {ref} that can be corrected. Use one of: {allowed}.",
)
EMPTY_CORRECTION = Code(
    "CW814",
    "empty_correction",
    "No value was entered for {field}. Type the value as printed on the document, or re-run "
    "the extraction instead.",
)
NOTHING_EXTRACTED = Code(
    "CW815",
    "nothing_extracted",
    "The document {ref} has not been read yet (status {status}), so there is no value to "
    "correct. Wait for extraction, or re-run it.",
)
ARCHIVE_RERUN = Code(
    "CW816",
    "archive_rerun",
    "{ref} is an archive; each of its files is a document of its own. Re-run those instead.",
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
        IMAGE_TOO_LARGE,
        NO_TEXT,
        OCR_FAILED,
        TIMEOUT,
        UNKNOWN_TYPE,
        MISSING_FIELDS,
        LOW_CONFIDENCE,
        NO_ATTACHMENT,
        UNKNOWN_REFERENCE,
        NOTHING_TO_RETRY,
        NO_SUCH_FILE,
        HANDOFF_UNDELIVERED,
        HANDOFF_REFUSED,
        UNKNOWN_CONSIGNMENT,
        NO_DECLARATION,
        UNKNOWN_VERSION,
        UNKNOWN_FIELD,
        UNKNOWN_ROLE,
        AMENDMENT_REFUSED,
        INVALID_VALUE,
        UNKNOWN_DECISION,
        NOTHING_REQUESTED,
        REASON_REQUIRED,
        SIGN_IN_FAILED,
        SIGN_IN_REQUIRED,
        FORBIDDEN,
        CSRF_REFUSED,
        NOT_FOUND,
        NO_FILES,
        TOO_MANY_FILES,
        UPLOAD_TOO_LARGE,
        UPLOAD_REFUSED,
        INVALID_USER,
        INVALID_REQUEST,
        NOT_ASSIGNED,
        UNKNOWN_REVIEW_FIELD,
        EMPTY_CORRECTION,
        NOTHING_EXTRACTED,
        ARCHIVE_RERUN,
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


class AssessmentRefused(ClearwayError):
    """An assessor's command cannot be carried out (unknown reference or field, a change the
    role may not make, a bad value). Nothing was written."""


class ServiceUnavailable(RuntimeError):
    """A service (database, object store, mailbox, SMTP) is unreachable. Loud: Airflow retries."""

    def __init__(self, service: str, detail: str, hint: str = ""):
        msg = f"{service} is unavailable: {detail}."
        if hint:
            msg += f" {hint}"
        super().__init__(msg)
        self.service = service
