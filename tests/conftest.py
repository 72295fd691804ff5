"""Shared fixtures: the real local services, in a namespace of their own per test session.

Importing this file must stay cheap (the unit run is most of the test runs): nothing heavy
at module level, and never airflow or great_expectations. Service modules are imported
inside the fixtures that need them.

Fixtures
  stack    (session) Settings for an isolated namespace on the running services, created
           for the session and removed after it: database ``clearway_test_<hex>``, buckets
           ``<name>-test-<hex>``, IMAP folder ``test-<hex>`` (Settings.imap_folder) and
           sender ``clearway+test-<hex>@customs.localhost`` (Settings.mail_from). The IMAP
           user, the SMTP server and the Airflow database are shared.
  settings (function) the same Settings object as ``stack``.
  mailbox  (function) a Mailbox on the session's IMAP folder, emptied before the test.
  outbox   (function) a callable returning, oldest first, the messages the local SMTP
           server received during this test from Settings.mail_from.

Several engineers run tests on one machine at once, hence a namespace per session
(tests.namespaces) rather than emptying shared folders.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.namespaces import namespace

if TYPE_CHECKING:
    from clearway.settings import Settings

INTEGRATION_DIR = Path(__file__).parent / "integration"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything under tests/integration needs the services, marked or not, so that
    # `-m "not integration"` always gives a run that needs none.
    for item in items:
        if INTEGRATION_DIR in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def stack() -> Iterator[Settings]:
    with namespace() as ns:
        yield ns


@pytest.fixture
def settings(stack: Settings) -> Settings:
    return stack


@dataclass(frozen=True)
class Mailbox:
    """The test user's IMAP folder (Settings.imap_folder, INBOX by default)."""

    settings: Settings

    def deliver(self, raw: bytes) -> None:
        from clearway.localstack.imap import deliver

        deliver(self.settings, raw)

    def clear(self) -> None:
        from clearway.localstack.imap import clear

        clear(self.settings)

    def messages(self) -> list[bytes]:
        """The raw RFC 5322 bytes of every message in the folder, in UID order."""
        from clearway.localstack.imap import connect

        conn = connect(self.settings)
        try:
            conn.select(self.settings.imap_folder, readonly=True)
            _, data = conn.uid("SEARCH", "ALL")
            uids = data[0].split() if data and data[0] else []
            out: list[bytes] = []
            for uid in uids:
                _, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
                out.extend(p[1] for p in parts if isinstance(p, tuple))
            return out
        finally:
            conn.logout()


@pytest.fixture
def mailbox(stack: Settings) -> Mailbox:
    box = Mailbox(stack)
    box.clear()
    return box


@pytest.fixture
def outbox(stack: Settings) -> Callable[[], list[EmailMessage]]:
    from clearway.localstack.smtp import prune_outbox, sent_messages

    prune_outbox(stack, older_than_s=3600)  # keep the shared folder small
    since = time.time_ns()
    sender = parseaddr(stack.mail_from)[1]

    def sent() -> list[EmailMessage]:
        # Envelope sender (X-MailFrom, written by the server) tells this session's mail apart.
        return [m for m in sent_messages(stack, since_ns=since) if m["X-MailFrom"] == sender]

    return sent
