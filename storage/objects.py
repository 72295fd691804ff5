"""The S3 object store (any S3 API: SeaweedFS locally, MinIO or AWS elsewhere) via minio.

Raw bytes live at content-addressed keys and are written once: never overwritten, never
deleted, so every document can be re-read exactly as received.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import urllib3
from minio import Minio
from minio.commonconfig import CopySource
from minio.error import S3Error

from clearway.errors import ServiceUnavailable
from clearway.ids import sha256_hex
from clearway.settings import Settings

_HINT = (
    "Start the local services with `clearway services up`, or set CLEARWAY_S3_ENDPOINT and "
    "its credentials."
)
_MISSING = ("NoSuchKey", "NoSuchObject", "ResourceNotFound", "NoSuchBucket")


def raw_key(sha256: str) -> str:
    """Content address of a document's original bytes."""
    return f"raw/{sha256[:2]}/{sha256}"


def message_key(sha256: str) -> str:
    """Content address of an original e-mail (.eml)."""
    return f"messages/{sha256}.eml"


@dataclass(frozen=True)
class IncomingObject:
    key: str
    etag: str
    size: int
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def uploader(self) -> str | None:
        return self.metadata.get("uploader")

    @property
    def original_name(self) -> str:
        return self.metadata.get("original-name") or self.key.rsplit("/", 1)[-1]


def uploader_from_key(key: str, prefix: str) -> str | None:
    """``incoming/<uploader>/<file>`` -> uploader; None for a file directly under the prefix."""
    rest = key[len(prefix) :] if key.startswith(prefix) else key
    parts = [p for p in rest.split("/") if p]
    return parts[0] if len(parts) >= 2 else None


def user_metadata(headers: object) -> dict[str, str]:
    """User metadata from a stat's headers, with the ``x-amz-meta-`` prefix removed."""
    out: dict[str, str] = {}
    for k, v in dict(headers or {}).items():  # type: ignore[call-overload]
        k = str(k).lower()
        if k.startswith("x-amz-meta-"):
            out[k[len("x-amz-meta-") :]] = str(v)
    return out


class ObjectStore:
    def __init__(self, settings: Settings):
        self.settings = settings
        # minio's default client retries for ~minute on a refused connection; a task should
        # fail fast and let Airflow's retry policy decide.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5, read=60),
            retries=urllib3.Retry(
                total=2, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)
            ),
        )
        self.client = Minio(
            settings.s3_endpoint,
            access_key=settings.s3_access_key or None,
            secret_key=settings.s3_secret_key.get_secret_value() or None,
            secure=settings.s3_secure,
            region=settings.s3_region,
            http_client=http,
        )

    # --- buckets -------------------------------------------------------------------------
    def ensure_buckets(self) -> None:
        s = self.settings
        for bucket in dict.fromkeys((s.raw_bucket, s.inbox_bucket, s.reports_bucket)):
            with self._service():
                if self.client.bucket_exists(bucket):
                    continue
                try:
                    self.client.make_bucket(bucket)
                except S3Error as exc:
                    if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise

    # --- raw documents and messages --------------------------------------------------------
    def put_raw(self, data: bytes, media_type: str | None = None) -> str:
        """Store the bytes at their content address (once); returns the key."""
        key = raw_key(sha256_hex(data))
        self._put_once(
            self.settings.raw_bucket, key, data, media_type or "application/octet-stream"
        )
        return key

    def get_raw(self, sha256: str) -> bytes:
        return self.get_object(self.settings.raw_bucket, raw_key(sha256))

    def put_message(self, raw_eml: bytes) -> str:
        key = message_key(sha256_hex(raw_eml))
        self._put_once(self.settings.raw_bucket, key, raw_eml, "message/rfc822")
        return key

    def exists(self, bucket: str, key: str) -> bool:
        with self._service():
            try:
                self.client.stat_object(bucket, key)
                return True
            except S3Error as exc:
                if exc.code in _MISSING:
                    return False
                raise

    def _put_once(self, bucket: str, key: str, data: bytes, content_type: str) -> None:
        # Stat first: the key is a content address, so an existing object already holds
        # exactly these bytes and must not be rewritten (write-once raw store).
        if self.exists(bucket, key):
            return
        with self._service():
            self.client.put_object(
                bucket, key, io.BytesIO(data), len(data), content_type=content_type
            )

    # --- the trader upload bucket ----------------------------------------------------------
    def list_incoming(self) -> Iterator[IncomingObject]:
        """Objects under the inbox prefix with their user metadata (stat per object, because
        S3 stores other than MinIO do not return metadata in listings)."""
        s = self.settings
        with self._service():
            listing = list(
                self.client.list_objects(s.inbox_bucket, prefix=s.inbox_prefix, recursive=True)
            )
        for obj in listing:
            if obj.is_dir or not obj.object_name or obj.object_name.endswith("/"):
                continue
            with self._service():
                try:
                    stat = self.client.stat_object(s.inbox_bucket, obj.object_name)
                except S3Error as exc:
                    if exc.code in _MISSING:
                        continue  # removed between listing and stat
                    raise
            meta = user_metadata(stat.metadata)
            if not meta.get("uploader"):
                uploader = uploader_from_key(obj.object_name, s.inbox_prefix)
                if uploader:
                    meta["uploader"] = uploader
            yield IncomingObject(
                key=obj.object_name,
                etag=(stat.etag or obj.etag or "").strip('"'),
                size=int(stat.size or obj.size or 0),
                metadata=meta,
            )

    def put_incoming(
        self,
        name: str,
        data: bytes,
        *,
        uploader: str,
        original_name: str | None = None,
        content_type: str = "application/octet-stream",
    ) -> str:
        """Upload as a trader would (demo and tests): ``<prefix><uploader>/<name>``."""
        key = f"{self.settings.inbox_prefix}{uploader}/{name}"
        meta = {"uploader": uploader, "original-name": original_name or name}
        with self._service():
            self.client.put_object(
                self.settings.inbox_bucket,
                key,
                io.BytesIO(data),
                len(data),
                content_type=content_type,
                metadata=meta,  # type: ignore[arg-type]
            )
        return key

    # --- generic ---------------------------------------------------------------------------
    def get_object(self, bucket: str, key: str) -> bytes:
        with self._service():
            resp = self.client.get_object(bucket, key)
            try:
                return resp.read()
            finally:
                resp.close()
                resp.release_conn()

    def hash_object(self, bucket: str, key: str) -> tuple[str, int]:
        """sha256 and size of an object, streamed: for uploads too large to hold in memory."""
        digest, size = hashlib.sha256(), 0
        with self._service():
            resp = self.client.get_object(bucket, key)
            try:
                for chunk in resp.stream(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
            finally:
                resp.close()
                resp.release_conn()
        return digest.hexdigest(), size

    def copy_to_raw(self, bucket: str, key: str, sha256: str) -> str:
        """Server-side copy of an object to its content address (once); returns the raw key."""
        target = raw_key(sha256)
        if not self.exists(self.settings.raw_bucket, target):
            with self._service():
                self.client.copy_object(self.settings.raw_bucket, target, CopySource(bucket, key))
        return target

    def put_report(self, name: str, data: bytes, content_type: str = "application/json") -> str:
        """Reports are derived, so unlike raw objects they may be replaced."""
        with self._service():
            self.client.put_object(
                self.settings.reports_bucket,
                name,
                io.BytesIO(data),
                len(data),
                content_type=content_type,
            )
        return name

    def _service(self) -> _S3Errors:
        return _S3Errors(self.settings.s3_endpoint)


class _S3Errors:
    """Turns connection failures (and access/credential errors) into ServiceUnavailable."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> bool:
        if exc is None:
            return False
        if isinstance(exc, urllib3.exceptions.HTTPError | OSError):
            raise ServiceUnavailable(
                f"S3 object store at {self.endpoint}", str(exc).splitlines()[0], _HINT
            ) from exc
        if isinstance(exc, S3Error) and exc.code in (
            "AccessDenied",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "ServiceUnavailable",
        ):
            raise ServiceUnavailable(
                f"S3 object store at {self.endpoint}", f"{exc.code}: {exc.message}", _HINT
            ) from exc
        return False
