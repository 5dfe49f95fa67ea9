import GRDB
import Store

/// The numbered migrations of the embedded store. A migration, once released, never changes.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1 beacon") { db in
            try db.execute(
                sql: """
                    CREATE TABLE beacon (
                        id INTEGER PRIMARY KEY,
                        time_ms INTEGER NOT NULL,
                        partner_id INTEGER NOT NULL,
                        entry_id TEXT NOT NULL,
                        session_id TEXT NOT NULL,
                        event_type INTEGER NOT NULL,
                        event_index INTEGER,
                        user_id TEXT,
                        user_key TEXT NOT NULL,
                        playback_type TEXT,
                        position REAL,
                        play_time_sum REAL,
                        buffer_time REAL,
                        buffer_time_sum REAL,
                        actual_bitrate REAL,
                        bandwidth REAL,
                        dropped_frames_ratio REAL,
                        segment_download_time REAL,
                        manifest_download_time REAL,
                        flavor_params_id INTEGER,
                        engagement TEXT,
                        engaged INTEGER NOT NULL,
                        device TEXT NOT NULL,
                        os_family TEXT NOT NULL,
                        browser_family TEXT NOT NULL,
                        country TEXT,
                        client_ip TEXT,
                        referrer TEXT,
                        error_code INTEGER,
                        extra TEXT
                    );
                    CREATE INDEX beacon_partner_entry_time ON beacon(partner_id, entry_id, time_ms);
                    CREATE INDEX beacon_partner_time ON beacon(partner_id, time_ms);
                    """
            )
        }
        migrator.registerMigration("2 partner") { db in
            try db.execute(
                sql: """
                    CREATE TABLE partner (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        admin_secret TEXT NOT NULL,
                        user_secret TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE ended_session (
                        session_hash TEXT PRIMARY KEY,
                        partner_id INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    """
            )
        }
        return migrator
    }

    /// Column names in the order of ``insertSQL``'s placeholders and of ``SQLiteStore`` row decoding.
    static let columns = SQLColumns.all

    static let insertSQL =
        "INSERT INTO beacon (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
}
