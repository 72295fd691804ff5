-- Clearway schema. Applied by storage.db.migrate(); every statement is idempotent so
-- that migrate can run on every task start. Bump SCHEMA_VERSION in db.py when adding.

CREATE TABLE IF NOT EXISTS schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per distinct content (sha256): the same bytes from two senders is one document.
CREATE TABLE IF NOT EXISTS documents (
    sha256         text PRIMARY KEY,
    document_ref   text NOT NULL UNIQUE,
    media_type     text,
    size_bytes     bigint NOT NULL,
    raw_key        text NOT NULL,
    original_name  text,
    status         text NOT NULL,
    doc_type       text,
    subtype        text,
    errors         jsonb NOT NULL DEFAULT '[]'::jsonb,
    extraction     jsonb,
    parent_sha256  text,            -- the archive a member was unpacked from, if any
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS documents_status_idx ON documents (status, created_at);

-- How a document arrived; one row per (document, channel, origin).
CREATE TABLE IF NOT EXISTS document_sources (
    sha256         text NOT NULL REFERENCES documents (sha256),
    channel        text NOT NULL CHECK (channel IN ('email', 'bucket', 'cli', 'upload')),
    origin_ref     text NOT NULL,
    original_name  text,
    uploader       text,
    received_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sha256, channel, origin_ref)
);

-- Status history; documents.status is the latest.
CREATE TABLE IF NOT EXISTS document_events (
    id      bigserial PRIMARY KEY,
    sha256  text NOT NULL REFERENCES documents (sha256),
    status  text NOT NULL,
    detail  jsonb NOT NULL DEFAULT '{}'::jsonb,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS document_events_sha_idx ON document_events (sha256, id);

-- One row per Message-ID: the idempotency key of e-mail intake.
CREATE TABLE IF NOT EXISTS messages (
    message_id      text PRIMARY KEY,
    sender          text,
    subject         text,
    received_at     timestamptz,
    raw_key         text,
    imap_uid        bigint,
    status          text NOT NULL DEFAULT 'received',
    ack_sent_at     timestamptz,
    ack_message_id  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Bucket objects already ingested; a new etag under the same key is a new upload.
CREATE TABLE IF NOT EXISTS ingested_objects (
    bucket       text NOT NULL,
    key          text NOT NULL,
    etag         text NOT NULL,
    sha256       text NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bucket, key, etag)
);

-- Extraction flattened for querying; item_index -1 is the document header.
CREATE TABLE IF NOT EXISTS extracted_fields (
    sha256      text NOT NULL REFERENCES documents (sha256),
    item_index  integer NOT NULL,
    name        text NOT NULL,
    value       jsonb,
    confidence  double precision,
    page        integer,
    bbox        jsonb,
    source      text,
    raw         text,
    extractor   text,
    PRIMARY KEY (sha256, item_index, name)
);

CREATE TABLE IF NOT EXISTS document_references (
    sha256  text NOT NULL REFERENCES documents (sha256),
    kind    text NOT NULL,
    value   text NOT NULL,
    PRIMARY KEY (sha256, kind, value)
);
CREATE INDEX IF NOT EXISTS document_references_value_idx ON document_references (kind, value);

CREATE TABLE IF NOT EXISTS dq_results (
    sha256       text NOT NULL,
    suite        text NOT NULL,
    expectation  text NOT NULL,
    success      boolean NOT NULL,
    observed     jsonb,
    details      jsonb,
    run_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, suite, expectation)
);

CREATE TABLE IF NOT EXISTS consignments (
    consignment_ref  text PRIMARY KEY,
    status           text NOT NULL DEFAULT 'linked',
    complete         boolean NOT NULL DEFAULT false,
    missing          jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- sha256 UNIQUE: a document belongs to at most one consignment.
CREATE TABLE IF NOT EXISTS consignment_documents (
    consignment_ref  text NOT NULL REFERENCES consignments (consignment_ref),
    sha256           text NOT NULL UNIQUE,
    PRIMARY KEY (consignment_ref, sha256)
);

CREATE TABLE IF NOT EXISTS consignment_links (
    consignment_ref  text NOT NULL REFERENCES consignments (consignment_ref),
    from_sha         text NOT NULL,
    to_sha           text NOT NULL,
    reference        text NOT NULL,
    PRIMARY KEY (consignment_ref, from_sha, to_sha, reference)
);

CREATE TABLE IF NOT EXISTS findings (
    consignment_ref  text NOT NULL REFERENCES consignments (consignment_ref),
    code             text NOT NULL,
    severity         text NOT NULL,
    documents        jsonb NOT NULL DEFAULT '[]'::jsonb,
    fields           jsonb NOT NULL DEFAULT '[]'::jsonb,
    message          text NOT NULL,
    finding_key      text NOT NULL,  -- md5 of documents + fields, so one code can recur
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consignment_ref, code, finding_key)
);

-- Version 1 is the original pre-filled declaration and is never updated.
CREATE TABLE IF NOT EXISTS declarations (
    consignment_ref  text NOT NULL REFERENCES consignments (consignment_ref),
    version          integer NOT NULL CHECK (version >= 1),
    body             jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text NOT NULL DEFAULT 'clearway',
    reason           text,
    PRIMARY KEY (consignment_ref, version)
);

CREATE TABLE IF NOT EXISTS assessment_queue (
    consignment_ref      text PRIMARY KEY REFERENCES consignments (consignment_ref),
    declaration_version  integer NOT NULL,
    status               text NOT NULL DEFAULT 'queued',
    queued_at            timestamptz NOT NULL DEFAULT now()
);

-- == declarations: versions, amendments, decisions, duties, risk ==

-- == hand-off: outbox to the assessment system, assessors and assignments ==

-- == quality: GX data docs, permit decision table ==
