/**
 * The PostgreSQL schema, as numbered migrations run inside the store's own schema (search_path).
 * `stratus_meta.schema_version` records how many have run; nodes starting together serialise on
 * an advisory lock, and a database migrated by a newer Stratus is refused.
 */

/** Each entry moves the schema one version up; never edit a released entry, append a new one. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE kv (
    collection text COLLATE "C" NOT NULL,
    key bytea NOT NULL,
    value bytea NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (collection, key)
  );

  CREATE TABLE logs (
    name text COLLATE "C" PRIMARY KEY,
    last_seq bigint NOT NULL,
    last_ts bigint NOT NULL
  );
  CREATE TABLE log_records (
    name text COLLATE "C" NOT NULL,
    seq bigint NOT NULL,
    ts bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (name, seq)
  );
  CREATE INDEX log_records_ts ON log_records (name, ts);

  CREATE TABLE queue_messages (
    seq bigserial PRIMARY KEY,
    queue text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL UNIQUE,
    body bytea NOT NULL,
    attributes text,
    group_id text COLLATE "C",
    dedup_id text,
    sent_at bigint NOT NULL,
    enqueued_at bigint NOT NULL,
    visible_at bigint NOT NULL,
    receive_count integer NOT NULL DEFAULT 0,
    first_received_at bigint,
    receipt text,
    moved_from text
  );
  CREATE INDEX queue_messages_visible ON queue_messages (queue, visible_at, seq);
  CREATE INDEX queue_messages_group ON queue_messages (queue, group_id, seq)
    WHERE group_id IS NOT NULL;
  CREATE TABLE queue_dedup (
    queue text COLLATE "C" NOT NULL,
    dedup_id text COLLATE "C" NOT NULL,
    message_id text NOT NULL,
    seq bigint NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (queue, dedup_id)
  );

  CREATE TABLE blobs (
    key text COLLATE "C" PRIMARY KEY,
    blob_id uuid NOT NULL,
    size bigint NOT NULL,
    md5 text NOT NULL,
    chunk_size integer NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE TABLE blob_chunks (
    blob_id uuid NOT NULL,
    idx integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (blob_id, idx)
  );
  -- Bodies are often already compressed; skipping TOAST compression saves CPU on both ends.
  ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

  CREATE TABLE leases (
    name text COLLATE "C" PRIMARY KEY,
    owner text NOT NULL,
    token bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  `,
  // The retention sweep deletes by age every few seconds; without this it scans whole queues.
  `
  CREATE INDEX queue_messages_enqueued ON queue_messages (queue, enqueued_at);
  `,
];
