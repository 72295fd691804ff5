"""IMAP mailbox: Dovecot with a private config under ``$CLEARWAY_HOME/dovecot``.

One user (Settings.imap_user) with the generated password in a passwd-file; mail is kept
as a maildir in a home owned by ``nobody``, so Dovecot needs no system account.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import time
from pathlib import Path

from clearway.errors import ServiceUnavailable
from clearway.localstack import _proc
from clearway.settings import Settings

NAME = "dovecot"
HINT = "dovecot not found: run scripts/setup (installs dovecot-imapd)."

CONFIG = """\
# Private Dovecot for Clearway's local mailbox; written by clearway.localstack.imap.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {log}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def root(home: Path) -> Path:
    return home / "dovecot"


def config_path(home: Path) -> Path:
    return root(home) / "dovecot.conf"


def _binary() -> str:
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if not found:
        raise ServiceUnavailable("IMAP (dovecot)", "the dovecot binary is not installed", HINT)
    return found


def _write_config(settings: Settings) -> Path:
    home, base = settings.home, root(settings.home)
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    # Dovecot's unprivileged processes must walk down to the mail home and the sockets.
    for d in (home, base):
        d.chmod(0o755)
    nobody, nogroup = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
    os.chown(base / "mail", nobody, nogroup)
    passwd = base / "passwd"
    fd = os.open(passwd, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(fd, "w") as fh:
        fh.write(
            f"{settings.imap_user}:{{PLAIN}}{settings.imap_password.get_secret_value()}::::::\n"
        )
    # Dovecot's auth process runs as the 'dovecot' user: readable by that group, no one else.
    with contextlib.suppress(KeyError):
        os.chown(passwd, 0, grp.getgrnam("dovecot").gr_gid)
    passwd.chmod(0o640)  # os.open's mode applies only when the file is new
    conf = config_path(home)
    conf.write_text(
        CONFIG.format(root=base, log=_proc.log_path(home, NAME), port=settings.imap_port)
    )
    return conf


def start(settings: Settings) -> None:
    home, host, port = settings.home, settings.imap_host, settings.imap_port
    if not _proc.needs_start(home, NAME, host, port, "IMAP (dovecot)", "CLEARWAY_IMAP_PORT"):
        return
    binary = _binary()
    conf = _write_config(settings)
    # -F: stay in the foreground, so our pid file and process group are Dovecot's master.
    pid = _proc.spawn(home, NAME, [binary, "-F", "-c", str(conf)])
    _proc.wait_port(home, NAME, host, port, pid, timeout=15)


def stop(home: Path) -> bool:
    return _proc.stop(home, NAME)


def running(settings: Settings) -> bool:
    return _proc.read_pid(settings.home, NAME) is not None and _proc.port_open(
        settings.imap_host, settings.imap_port
    )


def connect(settings: Settings, timeout: float = 10.0) -> imaplib.IMAP4:
    """A logged-in IMAP connection for the configured user."""
    cls = imaplib.IMAP4_SSL if settings.imap_ssl else imaplib.IMAP4
    try:
        conn = cls(settings.imap_host, settings.imap_port, timeout=timeout)
        conn.login(settings.imap_user, settings.imap_password.get_secret_value())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ServiceUnavailable("IMAP", str(exc), "Run `clearway services up`.") from exc
    return conn


def deliver(settings: Settings, raw_bytes: bytes, folder: str | None = None) -> None:
    """Put one RFC 5322 message into the mailbox (IMAP APPEND), as a trader's mail would arrive."""
    conn = connect(settings)
    try:
        typ, data = conn.append(
            folder or settings.imap_folder, "", imaplib.Time2Internaldate(time.time()), raw_bytes
        )
        if typ != "OK":
            raise ServiceUnavailable("IMAP", f"APPEND failed: {data!r}")
    finally:
        conn.logout()


def clear(settings: Settings, folder: str | None = None) -> None:
    """Delete every message in the folder (tests start from an empty INBOX)."""
    conn = connect(settings)
    try:
        typ, data = conn.select(folder or settings.imap_folder)
        if typ == "OK" and int(data[0] or 0) > 0:
            conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
            conn.expunge()
    finally:
        conn.logout()


def create_folder(settings: Settings, name: str) -> None:
    """Create a mail folder if missing (test sessions each get their own)."""
    conn = connect(settings)
    try:
        typ, _ = conn.select(name, readonly=True)
        if typ != "OK":
            conn.create(name)
    finally:
        conn.logout()


def delete_folder(settings: Settings, name: str) -> None:
    conn = connect(settings)
    try:
        conn.delete(name)
    finally:
        conn.logout()
