/**
 * The SQLite schema, as numbered migrations. `PRAGMA user_version` records how many have run;
 * a file from a newer Stratus (a higher number) is refused rather than guessed at.
 */

/** Each entry moves the schema one version up; never edit a released entry, append a new one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE kv (
    collection TEXT NOT NULL,
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (collection, key)
  ) WITHOUT ROWID;

  CREATE TABLE logs (
    name TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    last_ts INTEGER NOT NULL
  );
  CREATE TABLE log_records (
    name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (name, seq)
  ) WITHOUT ROWID;
  CREATE INDEX log_records_ts ON log_records (name, ts);

  CREATE TABLE queue_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    body BLOB NOT NULL,
    attributes TEXT,
    group_id TEXT,
    dedup_id TEXT,
    sent_at INTEGER NOT NULL,
    enqueued_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    first_received_at INTEGER,
    receipt TEXT,
    moved_from TEXT
  );
  CREATE INDEX queue_messages_visible ON queue_messages (queue, visible_at, seq);
  CREATE INDEX queue_messages_group ON queue_messages (queue, group_id, seq)
    WHERE group_id IS NOT NULL;
  CREATE TABLE queue_dedup (
    queue TEXT NOT NULL,
    dedup_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (queue, dedup_id)
  ) WITHOUT ROWID;

  CREATE TABLE blobs (
    key TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    md5 TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    token INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // The retention sweep deletes by age every few seconds; without this it scans whole queues.
  `
  CREATE INDEX queue_messages_enqueued ON queue_messages (queue, enqueued_at);
  `,
];
