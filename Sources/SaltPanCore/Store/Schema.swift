/// The database schema as an ordered list of migrations.
///
/// `PRAGMA user_version` records how many migrations a database has had. A release never edits a
/// published migration; it appends a new one, so every database ever written can be brought up to
/// date. `docs/SCHEMA.md` describes the tables for people who query them directly.
enum Schema {
    /// Each element moves the schema from version `index` to `index + 1`.
    static let migrations: [String] = [
        version1, mergingVersion, queriesVersion, ingestVersion, expectedMinionsVersion,
    ]

    static var currentVersion: Int { migrations.count }

    /// The first schema: sources, jobs, expected minions, returns, provenance and problems.
    ///
    /// Times are ISO-8601 text in UTC with a `Z` suffix, so they sort as text. Values taken from
    /// Salt (arguments, targets, loads, returns) are JSON text in the lossless dialect of
    /// `JSONWriter`, which keeps bytes, datetimes and non-string map keys exactly.
    static let version1 = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );

        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            kind TEXT NOT NULL,
            size INTEGER,
            sha256 TEXT NOT NULL,
            file_count INTEGER,
            product TEXT,
            status TEXT NOT NULL,
            first_ingested_at TEXT NOT NULL,
            last_ingested_at TEXT NOT NULL,
            ingest_count INTEGER NOT NULL DEFAULT 1,
            UNIQUE (sha256, kind)
        );

        CREATE TABLE jobs (
            jid TEXT PRIMARY KEY,
            start_time TEXT,
            start_time_basis TEXT,
            function TEXT,
            arguments TEXT,
            target TEXT,
            target_type TEXT,
            user TEXT,
            metadata TEXT,
            kind TEXT NOT NULL,
            schedule TEXT,
            returner TEXT,
            end_time TEXT,
            nocache INTEGER NOT NULL DEFAULT 0,
            has_expected_minions INTEGER NOT NULL DEFAULT 0,
            load TEXT,
            batch TEXT,
            source_id INTEGER NOT NULL REFERENCES sources (id)
        );

        CREATE TABLE expected_minions (
            jid TEXT NOT NULL,
            minion TEXT NOT NULL,
            PRIMARY KEY (jid, minion)
        ) WITHOUT ROWID;

        CREATE TABLE returns (
            id INTEGER PRIMARY KEY,
            jid TEXT NOT NULL,
            minion TEXT NOT NULL,
            product TEXT,
            retcode INTEGER,
            success INTEGER,
            return TEXT,
            return_form TEXT NOT NULL,
            outputter TEXT,
            outcome TEXT NOT NULL,
            cause TEXT,
            outcome_is_weak INTEGER NOT NULL DEFAULT 0,
            exit_success INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources (id)
        );
        CREATE UNIQUE INDEX returns_by_job ON returns (jid, minion);

        CREATE TABLE job_sources (
            jid TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            PRIMARY KEY (jid, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE return_sources (
            jid TEXT NOT NULL,
            minion TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            PRIMARY KEY (jid, minion, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            source_id INTEGER REFERENCES sources (id),
            input_path TEXT NOT NULL,
            entry TEXT,
            offset INTEGER,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX problems_by_source ON problems (source_id);
        """
}
