"""``clearway status CWU-…``: a web portal upload, its files and where each document stands.

The portal's acknowledgement (page and e-mail) leads with the upload's CWU-… reference, so
that is what a trader quotes and a steward is handed; it must resolve like CWD-… and CWC-….
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from storage.db import Connection, fetch_all, fetch_one


def print_upload(console: Console, conn: Connection, ref: str) -> bool:
    """Print the upload ``ref``; False when there is none."""
    up = fetch_one(
        conn,
        "SELECT u.upload_ref, u.company, u.consignment_ref, u.created_at, a.email "
        "FROM web_uploads u LEFT JOIN users a ON a.id = u.user_id WHERE u.upload_ref = %s",
        (ref,),
    )
    if up is None:
        return False
    files = fetch_all(
        conn,
        "SELECT f.name, d.document_ref, d.status, d.doc_type FROM web_upload_files f "
        "JOIN documents d USING (sha256) WHERE f.upload_ref = %s ORDER BY f.position",
        (ref,),
    )
    console.print(f"[bold]{up['upload_ref']}[/bold]  web upload")
    console.print(f"  by:          {up['email'] or '?'} ({up['company']})")
    console.print(f"  received:    {up['created_at']:%Y-%m-%d %H:%M:%S %Z}")
    console.print(f"  answers:     {up['consignment_ref'] or '-'}")
    table = Table("file", "document", "type", "status", title="Files")
    for f in files:
        table.add_row(f["name"], f["document_ref"], f["doc_type"] or "", f["status"])
    console.print(table)
    console.print("  `clearway status CWD-…` shows a document's history")
    return True
