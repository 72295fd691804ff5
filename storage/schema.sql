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

-- Amendments: a version after 1 says which role made it and what it changed
-- ([{"field", "old", "new", "de"}]); created_by and reason say who and why.
ALTER TABLE declarations ADD COLUMN IF NOT EXISTS role text;
ALTER TABLE declarations ADD COLUMN IF NOT EXISTS changes jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Declarations are append-only: a version, the original pre-fill above all, is never
-- updated or deleted; a change is a new version (storage.declarations.add_version).
CREATE OR REPLACE FUNCTION declarations_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'declaration % version % cannot be changed; amend it to add a version',
        OLD.consignment_ref, OLD.version;
END
$fn$;
CREATE OR REPLACE TRIGGER declarations_append_only
    BEFORE UPDATE OR DELETE ON declarations
    FOR EACH ROW EXECUTE FUNCTION declarations_append_only();

-- Assessment decisions, newest last. decision_key (consignment, version, decision, what
-- was requested) makes recording the same decision twice one row and one e-mail.
CREATE TABLE IF NOT EXISTS declaration_decisions (
    id                   bigserial PRIMARY KEY,
    consignment_ref      text NOT NULL REFERENCES consignments (consignment_ref),
    declaration_version  integer NOT NULL,
    decision             text NOT NULL
                         CHECK (decision IN ('accept', 'request_documents', 'inspect', 'reject')),
    decided_by           text NOT NULL,
    note                 text,
    requested            jsonb NOT NULL DEFAULT '[]'::jsonb,
    decision_key         text NOT NULL UNIQUE,
    decided_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (consignment_ref, declaration_version)
        REFERENCES declarations (consignment_ref, version)
);
CREATE INDEX IF NOT EXISTS declaration_decisions_ref_idx
    ON declaration_decisions (consignment_ref, id);

-- E-mails to the trader about a declaration (documents requested, additional duties).
-- The deterministic Message-ID is the idempotency key; status: pending -> sent, or
-- no_address (nobody to write to) / refused (the server refused the recipient).
CREATE TABLE IF NOT EXISTS trader_notices (
    message_id           text PRIMARY KEY,
    consignment_ref      text NOT NULL REFERENCES consignments (consignment_ref),
    kind                 text NOT NULL CHECK (kind IN ('request_documents', 'additional_duties', 'decision')),
    declaration_version  integer NOT NULL,
    recipient            text,
    subject              text NOT NULL,
    raw                  text NOT NULL,  -- the whole message, so that a retry sends it as built
    status               text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sent', 'no_address', 'refused')),
    sent_at              timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trader_notices_ref_idx ON trader_notices (consignment_ref, created_at);
-- Databases made before decision notices: widen the kind check (idempotent).
ALTER TABLE trader_notices DROP CONSTRAINT IF EXISTS trader_notices_kind_check;
ALTER TABLE trader_notices ADD CONSTRAINT trader_notices_kind_check
    CHECK (kind IN ('request_documents', 'additional_duties', 'decision'));

-- == hand-off: outbox to the assessment system, assessors and assignments ==

-- Transactional outbox: written in the transaction that queues a declaration, delivered
-- later by handoff.outbox.dispatch. One row per (consignment, declaration version), so a
-- retried hand-off adds nothing; idempotency_key travels as the Idempotency-Key header.
-- status: pending -> delivered | dead (max attempts or refused; a steward re-queues it);
-- superseded when a newer version of the same declaration is queued before delivery.
CREATE TABLE IF NOT EXISTS handoff_outbox (
    id                   bigserial PRIMARY KEY,
    consignment_ref      text NOT NULL REFERENCES consignments (consignment_ref),
    declaration_version  integer NOT NULL,
    idempotency_key      text NOT NULL UNIQUE,
    payload              jsonb NOT NULL,
    status               text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'delivered', 'dead', 'superseded')),
    attempts             integer NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at      timestamptz,
    last_status_code     integer,
    last_error           text,
    delivered_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consignment_ref, declaration_version)
);
CREATE INDEX IF NOT EXISTS handoff_outbox_due_idx
    ON handoff_outbox (next_attempt_at, id) WHERE status = 'pending';

-- Who assesses a queued consignment: one row per consignment, chosen once (a retry or a
-- new declaration version keeps the assessor). assessor_id is an id of the assessors data
-- file (handoff/data/assessors.yaml) or, with pool true, its fallback pool; reason says why.
CREATE TABLE IF NOT EXISTS assessment_assignments (
    consignment_ref      text PRIMARY KEY REFERENCES consignments (consignment_ref),
    assessor_id          text NOT NULL,
    team                 text NOT NULL,
    pool                 boolean NOT NULL DEFAULT false,
    reason               text NOT NULL,
    chapters             jsonb NOT NULL DEFAULT '[]'::jsonb,
    languages            jsonb NOT NULL DEFAULT '[]'::jsonb,
    declaration_version  integer NOT NULL,
    status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    assigned_at          timestamptz NOT NULL DEFAULT now(),
    closed_at            timestamptz
);
CREATE INDEX IF NOT EXISTS assessment_assignments_open_idx
    ON assessment_assignments (assessor_id) WHERE status = 'open';

-- == quality: GX data docs, permit decision table ==

-- == web: users, sessions ==

-- People who sign in to `clearway serve`. A trader belongs to a company (what they may
-- see), an assessor to a team (assessor_id: their id in handoff/data/assessors.yaml, whose
-- assignments form their inbox). Offboarding disables a user; rows are never deleted, so
-- who uploaded or decided what stays readable.
CREATE TABLE IF NOT EXISTS users (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL UNIQUE,  -- lower case; the sign-in name
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('trader', 'assessor', 'steward', 'admin')),
    company        text,
    team           text,
    assessor_id    text,
    password_hash  text NOT NULL,         -- argon2id, with its parameters and salt
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    disabled_at    timestamptz,
    CHECK (role <> 'trader' OR company IS NOT NULL),
    CHECK (role <> 'assessor' OR team IS NOT NULL)
);

-- Server-side sessions. Only a hash of the cookie's token is kept, so reading this table
-- gives no usable session. A session ends at expires_at, or after the idle limit without
-- a request (last_seen_at), or at sign-out (the row is deleted).
CREATE TABLE IF NOT EXISTS user_sessions (
    token_hash    text PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id),
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS user_sessions_user_idx ON user_sessions (user_id);

-- Which company's traders may see a document: written when a trader uploads it (archive
-- members included). The same bytes uploaded by two companies is one document both see.
CREATE TABLE IF NOT EXISTS company_documents (
    company   text NOT NULL,
    sha256    text NOT NULL REFERENCES documents (sha256),
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company, sha256)
);
CREATE INDEX IF NOT EXISTS company_documents_sha_idx ON company_documents (sha256);

-- One portal upload (its acknowledgement page) and the files sent in it, in order.
CREATE TABLE IF NOT EXISTS web_uploads (
    upload_ref       text PRIMARY KEY,  -- CWU-…, shown on the acknowledgement
    user_id          bigint NOT NULL REFERENCES users (id),
    company          text NOT NULL,
    consignment_ref  text,              -- set when it answers a request for documents
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS web_upload_files (
    upload_ref  text NOT NULL REFERENCES web_uploads (upload_ref),
    position    integer NOT NULL,
    name        text NOT NULL,
    sha256      text NOT NULL REFERENCES documents (sha256),
    PRIMARY KEY (upload_ref, position)
);

-- == steward: review corrections ==

-- A value a data steward corrected in review: who, when, the machine's value with all its
-- provenance (old), and the value entered (new). The extraction then carries the new value
-- with source "manual"; these rows keep what was read, and are never updated.
CREATE TABLE IF NOT EXISTS field_corrections (
    id            bigserial PRIMARY KEY,
    sha256        text NOT NULL REFERENCES documents (sha256),
    item_index    integer NOT NULL,   -- -1: the document header; N: line item N (0-based)
    name          text NOT NULL,
    old           jsonb,              -- the FieldValue as extracted (null: it was missing)
    new_value     jsonb NOT NULL,
    reason        text,
    corrected_by  text NOT NULL,
    corrected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS field_corrections_sha_idx ON field_corrections (sha256, id);
CREATE OR REPLACE FUNCTION field_corrections_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'field correction % cannot be changed; correct the value again instead',
        OLD.id;
END
$fn$;
CREATE OR REPLACE TRIGGER field_corrections_append_only
    BEFORE UPDATE OR DELETE ON field_corrections
    FOR EACH ROW EXECUTE FUNCTION field_corrections_append_only();

-- == notifications ==

-- Notices of the daily notices DAG (notices.send): a permit-expiry reminder per permit
-- (subject: its sha256) and expiry date, a stewards' summary per day (subject: the
-- stewards' address). The key makes a rerun send nothing new; no_address: nobody to write
-- to, recorded so that it is not retried every day; refused: the server refused the address.
CREATE TABLE IF NOT EXISTS sent_notices (
    kind        text NOT NULL CHECK (kind IN ('permit_expiry', 'steward_summary')),
    subject     text NOT NULL,
    on_date     date NOT NULL,
    message_id  text NOT NULL UNIQUE,
    recipient   text,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'no_address', 'refused')),
    sent_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, subject, on_date)
);
