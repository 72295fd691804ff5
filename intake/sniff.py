"""What a file is, decided by its content (magic bytes), never by its name; and safe ZIP unpacking.

Senders rename files, mail clients append ".dat", scanners write ".pdf" for TIFFs: the
extension is a hint at best, so only the bytes decide. Pure: no I/O beyond the bytes given.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype

from clearway import errors
from clearway.errors import DocumentRejected
from clearway.settings import Settings

ACCEPTED = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "application/zip",
    "application/xml",  # only an e-invoice (XRechnung / UBL); other XML is "text/xml"
)

# What a rejected file looks like, in words a data steward understands.
_DESCRIPTIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel workbook",
    "application/vnd.ms-excel": "an Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "a PowerPoint file"
    ),
    "application/vnd.oasis.opendocument.text": "an OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
    "application/rtf": "an RTF document",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "image/bmp": "a BMP image",
    "image/heic": "a HEIC photo",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/gzip": "a gzip archive",
    "application/x-tar": "a tar archive",
    "application/x-msdownload": "a Windows program",
    "application/x-executable": "a program",
    "text/html": "an HTML page",
    "text/xml": "an XML file that is not an e-invoice (UN/CEFACT CII or UBL)",
}

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    size: int


def sniff(data: bytes, name: str, settings: Settings) -> Sniffed:
    """The accepted media type of ``data``, or DocumentRejected (EMPTY_FILE, TOO_LARGE,
    UNSUPPORTED_TYPE)."""
    if not data:
        raise DocumentRejected(errors.EMPTY_FILE.info(file=name))
    if len(data) > settings.max_file_bytes:
        raise DocumentRejected(
            errors.TOO_LARGE.info(file=name, size=len(data), limit=settings.max_file_bytes)
        )
    media_type = bytes_to_media_type(data)
    if media_type not in ACCEPTED:
        raise DocumentRejected(
            errors.UNSUPPORTED_TYPE.info(file=name, detected=media_type_to_words(media_type, data))
        )
    return Sniffed(media_type=media_type, size=len(data))


def bytes_to_media_type(data: bytes) -> str:
    """The media type from magic bytes; "text/plain" or "application/octet-stream" when none
    match."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    kind = filetype.guess(data)
    if kind is not None:
        # Office files are ZIPs inside: filetype looks at their members and names them.
        return kind.mime
    if data[:4] in _ZIP_MAGIC:
        return "application/zip"
    # A PDF may have junk before its header (some generators do); readers accept 1 KiB of it.
    # Checked after the magic numbers: a stored ZIP member may itself start with "%PDF-".
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    head = data[:512].lstrip()
    if head[:1] == b"{\\" and head.startswith(b"{\\rtf"):
        return "application/rtf"
    if head[:5].lower() in (b"<html", b"<!doc"):
        return "text/html"
    if head.startswith(b"<"):
        from extractors.einvoice import standalone_xml

        if standalone_xml(data) is not None:
            return "application/xml"
        if head.startswith(b"<?xml"):
            return "text/xml"
    if looks_like_text(data[:4096]):
        return "text/plain"
    return "application/octet-stream"


def looks_like_text(sample: bytes) -> bool:
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = sample.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return bool(text) and printable / len(text) > 0.95


def media_type_to_words(media_type: str, data: bytes) -> str:
    if media_type == "text/plain":
        return "plain text"
    if media_type == "application/octet-stream":
        return "an unrecognised binary file"
    return _DESCRIPTIONS.get(media_type, f"a file of type {media_type}")


def unpack_zip(data: bytes, name: str, settings: Settings) -> list[tuple[str, bytes]]:
    """The files inside a ZIP (nested ZIPs one level deep) as ``(member_name, bytes)``.

    Raises DocumentRejected(BAD_ARCHIVE) for corrupt archives and for archives past the member
    or uncompressed-size limits: declared sizes are checked first, then actual bytes read, because
    a zip bomb may lie in its headers.
    """
    return _unpack(data, name, settings, depth=0, budget=[settings.max_archive_bytes])


def _unpack(
    data: bytes, name: str, settings: Settings, depth: int, budget: list[int]
) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if is_document_member(i)]
        check_archive_limits(infos, name, settings, budget[0])
        out: list[tuple[str, bytes]] = []
        for info in infos:
            member = read_member_limited(archive, info, name, budget)
            if (
                depth == 0
                and member[:4] in _ZIP_MAGIC
                and bytes_to_media_type(member) == "application/zip"
            ):
                # One level of nesting is common (a ZIP of per-supplier ZIPs); deeper is refused.
                for inner_name, inner in _unpack(
                    member, f"{name}/{info.filename}", settings, 1, budget
                ):
                    out.append((f"{info.filename}/{inner_name}", inner))
            else:
                out.append((info.filename, member))
            if len(out) > settings.max_archive_members:
                raise _bad(name, f"more than {settings.max_archive_members} files")
        return out
    except DocumentRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
    ) as exc:
        # RuntimeError: encrypted member; NotImplementedError: unsupported compression.
        raise _bad(name, f"corrupt or unsupported archive: {exc}") from exc


def is_document_member(info: zipfile.ZipInfo) -> bool:
    parts = info.filename.split("/")
    return not (info.is_dir() or "__MACOSX" in parts or any(p.startswith(".") for p in parts if p))


def check_archive_limits(
    infos: list[zipfile.ZipInfo], name: str, settings: Settings, budget: int
) -> None:
    if len(infos) > settings.max_archive_members:
        raise _bad(name, f"{len(infos)} files, over the limit of {settings.max_archive_members}")
    declared = sum(i.file_size for i in infos)
    if declared > budget:
        raise _bad(
            name, f"{declared} bytes uncompressed, over the limit of {settings.max_archive_bytes}"
        )


def read_member_limited(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: list[int]
) -> bytes:
    """Read one member, stopping as soon as the remaining byte budget is exceeded."""
    chunks: list[bytes] = []
    with archive.open(info) as fh:
        while chunk := fh.read(1 << 20):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _bad(name, "uncompressed size over the limit (a zip bomb?)")
            chunks.append(chunk)
    return b"".join(chunks)


def _bad(name: str, detail: str) -> DocumentRejected:
    return DocumentRejected(errors.BAD_ARCHIVE.info(file=name, detail=detail))
