"""A namespace of its own on the running local services, for a test session or a module.

Several engineers run tests on one machine at once, and modules of one session leave data
behind for each other; a namespace keeps a run's data apart without emptying anything shared.
Cheap to import: the service modules are imported when a namespace is opened.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clearway.settings import Settings


@contextmanager
def namespace() -> Iterator[Settings]:
    """Settings for a namespace of its own on the running services, removed on exit: database
    ``clearway_test_<hex>``, buckets ``<name>-test-<hex>``, IMAP folder ``test-<hex>`` and
    sender ``clearway+test-<hex>@customs.localhost``. The IMAP user, the SMTP server and the
    Airflow database are shared. The session's ``stack`` is one; a module whose assertions
    need a database holding only what it put there (the DAG end-to-end test) opens its own."""
    from clearway.localstack import ensure_up, imap, postgres, s3

    base = ensure_up()
    suffix = secrets.token_hex(4)
    dbname = f"clearway_test_{suffix}"
    postgres.create_database(base.database_url, dbname)
    ns = base.model_copy(
        update={
            "database_url": postgres.with_database(base.database_url, dbname),
            "raw_bucket": f"{base.raw_bucket}-test-{suffix}",
            "inbox_bucket": f"{base.inbox_bucket}-test-{suffix}",
            "reports_bucket": f"{base.reports_bucket}-test-{suffix}",
            "imap_folder": f"test-{suffix}",
            "mail_from": f"Clearway <clearway+test-{suffix}@customs.localhost>",
        }
    )
    buckets = [ns.raw_bucket, ns.inbox_bucket, ns.reports_bucket]
    s3.ensure_buckets(ns, buckets)
    imap.create_folder(ns, ns.imap_folder)
    try:
        yield ns
    finally:
        imap.delete_folder(ns, ns.imap_folder)
        s3.remove_buckets(ns, buckets)
        postgres.drop_database(base.database_url, dbname)
