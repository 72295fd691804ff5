"""Sending mail over SMTP (acknowledgements, requests to traders)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from clearway.errors import ServiceUnavailable
from clearway.settings import Settings

_HINT = "Start the local services with `clearway services up`, or check CLEARWAY_SMTP_*."


def send(settings: Settings, msg: EmailMessage) -> dict[str, tuple[int, bytes]]:
    """Send ``msg``; returns the recipients the server refused (empty when all accepted).

    A refused recipient is the sender's problem, not the service's: it is returned rather
    than raised, so a bad address does not make the task retry forever.
    """
    where = f"SMTP server at {settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            return dict(smtp.send_message(msg))
    except smtplib.SMTPRecipientsRefused as exc:
        return {str(k): v for k, v in exc.recipients.items()}
    except (OSError, smtplib.SMTPException) as exc:
        raise ServiceUnavailable(where, str(exc) or type(exc).__name__, _HINT) from exc
