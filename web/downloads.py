"""Download of a document's original bytes, exactly as received."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from clearway.settings import Settings
from storage.db import transaction
from storage.objects import ObjectStore
from web import views
from web.accounts import User


def original_response(settings: Settings, user: User, ref: str) -> Response:
    """The bytes as an attachment. Always a download, never shown inline, and nosniff: the
    bytes are the sender's, and a crafted file must not run as a page of this site."""
    with transaction(settings) as conn:
        doc = views.original_of(conn, user, ref)
    data = ObjectStore(settings).get_raw(doc["sha256"])
    name = doc["original_name"] or doc["document_ref"]
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return Response(
        data,
        media_type=doc["media_type"] or "application/octet-stream",
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
