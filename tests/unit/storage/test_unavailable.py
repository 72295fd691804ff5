"""A service that does not answer raises ServiceUnavailable (so Airflow retries), with a hint.

Port 1 on loopback refuses connections at once: no service is needed to run these.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from clearway.errors import ServiceUnavailable
from clearway.settings import Settings
from intake import mail
from storage import db
from storage.objects import ObjectStore

DOWN = Settings(
    database_url="postgresql://postgres@127.0.0.1:1/nothing",
    s3_endpoint="127.0.0.1:1",
    smtp_port=1,
    imap_port=1,
)


def test_database():
    with pytest.raises(ServiceUnavailable, match="PostgreSQL.*clearway services up"):
        db.connect(DOWN)


def test_object_store():
    with pytest.raises(ServiceUnavailable, match="S3 object store"):
        ObjectStore(DOWN).get_raw("0" * 64)


def test_smtp():
    msg = EmailMessage()
    msg["From"], msg["To"] = "a@b.example", "c@d.example"
    msg.set_content("x")
    with pytest.raises(ServiceUnavailable, match="SMTP"):
        mail.send(DOWN, msg)


def test_imap():
    from intake.email import _connect

    with pytest.raises(ServiceUnavailable, match="IMAP"):
        _connect(DOWN)
