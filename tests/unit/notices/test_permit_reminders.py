from __future__ import annotations

from datetime import date

from notices.permits import build_reminder, due_permits, message_id, notice_key, row_to_permit

TODAY = date(2026, 3, 1)


def row(sha: str, expiry: str | None, **fields: str) -> dict[str, object]:
    return {"sha256": sha, "document_ref": f"CWD-{sha}", "expiry_date": expiry, **fields}


def test_due_within_the_window_soonest_first() -> None:
    rows = [
        row("a", "2026-03-31"),  # 30 days: due
        row("b", "2026-03-11"),  # 10 days: due
        row("c", "2026-04-30"),  # 60 days: not yet
        row("d", "2026-02-28"),  # expired yesterday: not a reminder
        row("e", "2026-03-01"),  # today: due
        row("f", "2026-04-01"),  # 31 days: not yet
    ]
    assert [p.sha256 for p in due_permits(rows, TODAY, 30)] == ["e", "b", "a"]


def test_window_is_a_parameter() -> None:
    rows = [row("b", "2026-03-11"), row("c", "2026-04-30")]
    assert [p.sha256 for p in due_permits(rows, TODAY, 5)] == []
    assert [p.sha256 for p in due_permits(rows, TODAY, 60)] == ["b", "c"]


def test_unreadable_or_missing_expiry_is_skipped() -> None:
    assert row_to_permit(row("x", "31/03/2026")) is None
    assert row_to_permit(row("y", None)) is None
    assert due_permits([row("x", "soon")], TODAY, 30) == []


def test_message_id_derives_from_kind_permit_and_expiry() -> None:
    key = notice_key("permit_expiry", "a", date(2026, 3, 31))
    assert message_id(key, "Clearway <c@customs.localhost>") == message_id(
        key, "c@customs.localhost"
    )
    other = notice_key("permit_expiry", "a", date(2026, 4, 30))
    assert message_id(key, "c@x.org") != message_id(other, "c@x.org")
    assert message_id(key, "c@x.org").startswith("<permit-expiry-")
    assert message_id(key, "c@x.org").endswith("@x.org>")


def test_reminder_lists_number_type_holder_and_expiry() -> None:
    permit = row_to_permit(
        row(
            "a",
            "2026-03-11",
            permit_number="IL-2026/0042",
            permit_type="import_licence",
            holder_name="Kraxi GmbH",
        )
    )
    assert permit is not None
    msg = build_reminder(permit, TODAY, to="t@example.com", mail_from="c@x.org", message_id="<m@x>")
    body = msg.get_content()
    assert msg["Subject"] == "Permit IL-2026/0042 expires on 2026-03-11"
    assert msg["Auto-Submitted"] == "auto-generated"
    for text in ("IL-2026/0042", "import_licence", "Kraxi GmbH", "2026-03-11", "in 10 days"):
        assert text in body
