"""``$CLEARWAY_HOME/local.env``: credentials generated on first start, read by load_settings().

Secrets are generated here with the ``secrets`` module, never written in code, and the file
is readable by its owner only.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

# Keys generated on first start; a value already in the file is never replaced, so that
# data stored under the old credentials stays reachable.
GENERATED: dict[str, Callable[[], str]] = {
    "CLEARWAY_S3_ACCESS_KEY": lambda: "cw" + secrets.token_hex(9),
    "CLEARWAY_S3_SECRET_KEY": lambda: secrets.token_urlsafe(30),
    "CLEARWAY_IMAP_PASSWORD": lambda: secrets.token_urlsafe(18),
    # Airflow 3 components must share these; Settings ignores them, airflow_env() reads them.
    "CLEARWAY_AIRFLOW_JWT_SECRET": lambda: secrets.token_urlsafe(32),
    "CLEARWAY_AIRFLOW_FERNET_KEY": lambda: base64.urlsafe_b64encode(
        secrets.token_bytes(32)
    ).decode(),
}


def path(home: Path) -> Path:
    return home / "local.env"


def read(home: Path) -> dict[str, str]:
    """KEY=value lines; blank lines and # comments ignored. Missing file: empty."""
    values: dict[str, str] = {}
    try:
        text = path(home).read_text()
    except FileNotFoundError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


def update(home: Path, values: Mapping[str, str]) -> None:
    """Merge ``values`` into the file (atomically, mode 0600)."""
    current = read(home)
    if all(current.get(k) == v for k, v in values.items()):
        return
    current.update(values)
    home.mkdir(parents=True, exist_ok=True)
    tmp = path(home).with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(
            "# Written by clearway.localstack on first start. Local services only; do not commit.\n"
        )
        fh.writelines(f"{k}={v}\n" for k, v in sorted(current.items()))
    tmp.replace(path(home))


def ensure_generated(home: Path) -> dict[str, str]:
    """Generate the missing credentials; returns the file's content."""
    current = read(home)
    missing = {k: make() for k, make in GENERATED.items() if not current.get(k)}
    if missing:
        update(home, missing)
    return read(home)
