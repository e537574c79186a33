import GRDB

/// The database schema, as GRDB migrations: named steps applied in order, each once.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: city, users, components, cases") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE regions (
                    code TEXT PRIMARY KEY NOT NULL, level INTEGER NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
                    parent_code TEXT) WITHOUT ROWID;
                CREATE TABLE grids (
                    code TEXT PRIMARY KEY NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, area_m2 REAL NOT NULL,
                    boundary TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE organisations (
                    code TEXT PRIMARY KEY NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, kind TEXT NOT NULL,
                    responsibilities TEXT NOT NULL, jurisdiction TEXT) WITHOUT ROWID;
                CREATE TABLE routing_rules (
                    id INTEGER PRIMARY KEY, category_prefix TEXT NOT NULL, region_prefix TEXT NOT NULL, department_code TEXT NOT NULL);
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
                    organisation_code TEXT, jurisdiction TEXT);
                CREATE TABLE tokens (
                    hash TEXT PRIMARY KEY NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE components (
                    id TEXT PRIMARY KEY NOT NULL, category TEXT NOT NULL, owner_code TEXT NOT NULL, maintainer_code TEXT NOT NULL,
                    grid_code TEXT NOT NULL, state TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL) WITHOUT ROWID;
                CREATE INDEX components_grid ON components(grid_code);
                CREATE TABLE cases (
                    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, category TEXT NOT NULL, source TEXT NOT NULL,
                    lon REAL NOT NULL, lat REAL NOT NULL, grid_code TEXT NOT NULL, description TEXT NOT NULL,
                    reporter_id INTEGER NOT NULL, component_id TEXT, state TEXT NOT NULL, department_code TEXT,
                    reported_at INTEGER NOT NULL, accepted_at INTEGER, filed_at INTEGER, dispatched_at INTEGER,
                    disposed_at INTEGER, checked_at INTEGER, closed_at INTEGER, deadline_at INTEGER,
                    rework_count INTEGER NOT NULL, extension_count INTEGER NOT NULL, return_count INTEGER NOT NULL,
                    suspended_seconds INTEGER NOT NULL, satisfaction TEXT, version INTEGER NOT NULL);
                CREATE INDEX cases_reported ON cases(reported_at);
                CREATE INDEX cases_grid ON cases(grid_code);
                CREATE TABLE case_events (
                    case_id INTEGER NOT NULL, seq INTEGER NOT NULL, actor_id INTEGER NOT NULL, role TEXT NOT NULL,
                    action TEXT NOT NULL, at INTEGER NOT NULL, from_state TEXT, to_state TEXT NOT NULL, note TEXT NOT NULL,
                    PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
                CREATE TABLE case_number_serials (prefix TEXT PRIMARY KEY NOT NULL, last INTEGER NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: token expiry, reporter index") { db in
            try db.execute(sql: """
                ALTER TABLE tokens ADD COLUMN expires_at INTEGER;
                CREATE INDEX cases_reporter ON cases(reporter_id);
                """)
        }
        migrator.registerMigration("v3: the complete closed loop (clocks, approvals, merging, whistle, visits)") { db in
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN case_deadline_at INTEGER;
                ALTER TABLE cases ADD COLUMN stage TEXT;
                ALTER TABLE cases ADD COLUMN stage_started_at INTEGER;
                ALTER TABLE cases ADD COLUMN stage_deadline_at INTEGER;
                ALTER TABLE cases ADD COLUMN warn_at INTEGER;
                ALTER TABLE cases ADD COLUMN alert_level INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN supervision_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN dispatch_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN pending_extension_seconds INTEGER;
                ALTER TABLE cases ADD COLUMN suspended_since INTEGER;
                ALTER TABLE cases ADD COLUMN parent_case_id INTEGER;
                ALTER TABLE cases ADD COLUMN state_before_merge TEXT;
                ALTER TABLE cases ADD COLUMN likely_duplicate_of INTEGER;
                ALTER TABLE cases ADD COLUMN reopened_from_id INTEGER;
                ALTER TABLE cases ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN self_handled INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN solved INTEGER;
                ALTER TABLE cases ADD COLUMN subtasks TEXT;
                ALTER TABLE cases ADD COLUMN next_alert_at INTEGER;
                UPDATE cases SET dispatch_count = 1 WHERE dispatched_at IS NOT NULL;
                CREATE INDEX cases_next_alert ON cases(next_alert_at) WHERE next_alert_at IS NOT NULL;
                CREATE INDEX cases_category_lat ON cases(category, lat);
                CREATE INDEX cases_parent ON cases(parent_case_id) WHERE parent_case_id IS NOT NULL;
                ALTER TABLE case_events ADD COLUMN attachments TEXT;
                CREATE TABLE notifications (
                    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, case_id INTEGER NOT NULL, message_zh TEXT NOT NULL,
                    message_en TEXT NOT NULL, at INTEGER NOT NULL);
                CREATE INDEX notifications_user ON notifications(user_id, id);
                CREATE TABLE media (
                    id TEXT PRIMARY KEY NOT NULL, content_type TEXT NOT NULL, bytes BLOB NOT NULL, uploaded_by INTEGER NOT NULL,
                    at INTEGER NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4: no index on grid_code") { db in
            // An index on the grid code is written at a random place for every new case: with
            // synchronous commits its pages cost a third of intake's throughput. Listing by region walks
            // the newest cases instead (a community holds about one case in 300; see CaseListing).
            try db.execute(sql: "DROP INDEX cases_grid")
        }
        migrator.registerMigration("v5: duplicates are looked for among open cases only") { db in
            try db.execute(sql: """
                DROP INDEX cases_category_lat;
                CREATE INDEX cases_open_category_lat ON cases(category, lat, lon, reported_at) WHERE stage IS NOT NULL;
                """)
        }
        migrator.registerMigration("v6: leaders by region, for escalation notices") { db in
            try db.execute(sql: "CREATE INDEX users_role_jurisdiction ON users(role, jurisdiction)")
        }
        migrator.registerMigration("v7: alerts raised against the disposal deadline") { db in
            try db.execute(sql: "ALTER TABLE cases ADD COLUMN disposal_alert_level INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v8: who left each clock stage, when, against which deadline") { db in
            try db.execute(sql: "ALTER TABLE cases ADD COLUMN stage_log TEXT")
        }
        migrator.registerMigration("v10: change log, configuration version, leases") { db in
            // The sequence is the rowid (no AUTOINCREMENT: its sqlite_sequence update on every row cost
            // about a quarter of intake). A number is reused only if the newest entries were deleted:
            // whatever prunes the log must keep its newest entry, so a follower's cursor stays meaningful.
            // See ``ChangeLog`` for why the numbers follow commit order.
            try db.execute(sql: """
                CREATE TABLE change_log (
                    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, case_id INTEGER, case_version INTEGER, user_id INTEGER,
                    config_version INTEGER, at INTEGER NOT NULL);
                CREATE TABLE configuration_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                INSERT INTO configuration_version (id, version) VALUES (1, 0);
                CREATE TABLE leases (name TEXT PRIMARY KEY NOT NULL, holder TEXT NOT NULL, expires_at_ms INTEGER NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v11: several roles per person") { db in
            // A person's first role stays in role/organisation_code/jurisdiction; further roles (each
            // with its own organisation and jurisdiction) are a JSON list of grants.
            try db.execute(sql: "ALTER TABLE users ADD COLUMN extra_roles TEXT")
        }
        migrator.registerMigration("v20: media on disk") { db in
            // The bytes move out of the database into content-addressed files (MediaFileStore): this
            // table keeps one row of metadata per upload. Old BLOB rows wait in media_legacy_blobs
            // until the media library is opened with its directory (MediaLibrary.open moves them to
            // files, then drops that table); a database that never had any drops it here.
            try db.execute(sql: """
                ALTER TABLE media RENAME TO media_legacy_blobs;
                CREATE TABLE media (
                    id TEXT PRIMARY KEY NOT NULL, hash TEXT NOT NULL, size INTEGER NOT NULL, type TEXT NOT NULL,
                    uploaded_by INTEGER NOT NULL, case_id INTEGER, created_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX media_uploader_created ON media(uploaded_by, created_at);
                CREATE INDEX media_case ON media(case_id) WHERE case_id IS NOT NULL;
                """)
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM media_legacy_blobs") == 0 {
                try db.execute(sql: "DROP TABLE media_legacy_blobs")
            }
        }
        migrator.registerMigration("v21: passwords and failed sign-ins") { db in
            // Kept beside users rather than in their rows: a user's row is read on every request's
            // token look-up, its password only at sign-in.
            try db.execute(sql: """
                CREATE TABLE passwords (
                    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, hash TEXT,
                    failures INTEGER NOT NULL DEFAULT 0, last_failure_at INTEGER);
                """)
        }
        migrator.registerMigration("v22: open cases by state") { db in
            // Workbench queues list cases by state: walking every case from the newest finds a rare
            // state (an extension waiting for approval) only at the end. Only cases whose clock runs
            // and that took a step after their report are in it: a new report (version 1) adds no
            // entry, so intake writes nothing more per case (with new reports in it, intake lost a
            // fifth of its rate); a closed case leaves it. Queues of the state reports land in walk
            // from the newest, where new reports are.
            try db.execute(sql: "CREATE INDEX cases_running_state ON cases(state) WHERE stage IS NOT NULL AND version > 1")
        }
        migrator.registerMigration("v23: outside clients and report origins") { db in
            // When a case last changed, which outside systems poll for (Open311's updated_datetime):
            // the time of its last event for the cases written before.
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN updated_at INTEGER;
                UPDATE cases SET updated_at = (SELECT MAX(at) FROM case_events e WHERE e.case_id = cases.id);
                """)
            // Where a report came from beyond its channel: the outside client and its own request key
            // (one case per client and key, so a client's retry never makes a second case), the device,
            // and the reporter's contact, kept apart from the case for the return visit only.
            try db.execute(sql: """
                CREATE TABLE case_origins (
                    case_id INTEGER PRIMARY KEY REFERENCES cases(id), client TEXT, request_key TEXT, device_id TEXT,
                    first_name TEXT, last_name TEXT, phone TEXT, email TEXT, account_id TEXT, held_reason TEXT);
                CREATE UNIQUE INDEX case_origins_request ON case_origins(client, request_key) WHERE request_key IS NOT NULL;
                CREATE TABLE api_keys (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL, revoked_at INTEGER);
                """)
        }
        migrator.registerMigration("v24: one-time codes") { db in
            // Citizens sign in with a code sent to their phone or e-mail: the contact (personal data)
            // beside the user, and at most one code per contact, kept only as its hash.
            try db.execute(sql: """
                CREATE TABLE citizen_contacts (
                    contact TEXT PRIMARY KEY NOT NULL, user_id INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE) WITHOUT ROWID;
                CREATE TABLE one_time_codes (
                    contact TEXT PRIMARY KEY NOT NULL, code_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v25: points ledger") { db in
            // The incentive points ledger (append-only entries; a held entry's review is recorded on
            // it), the balances kept beside it in the same transactions, the rewards catalogue, and
            // the awarding's change-log cursor and rules file.
            try db.execute(sql: """
                CREATE TABLE points_entries (
                    id INTEGER PRIMARY KEY, account INTEGER NOT NULL, delta INTEGER NOT NULL, reason TEXT NOT NULL, case_id INTEGER,
                    at INTEGER NOT NULL, status TEXT NOT NULL, held_reason TEXT, reviewed_by INTEGER, reviewed_at INTEGER, grid_code TEXT,
                    device_id TEXT, counterpart INTEGER, award_key TEXT);
                CREATE UNIQUE INDEX points_entries_key ON points_entries(award_key) WHERE award_key IS NOT NULL;
                CREATE INDEX points_entries_account ON points_entries(account, reason, at);
                CREATE INDEX points_entries_at ON points_entries(at);
                CREATE INDEX points_entries_held ON points_entries(id) WHERE status = 'held';
                CREATE TABLE points_balances (account INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));
                CREATE TABLE points_rewards (
                    code TEXT PRIMARY KEY NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, cost INTEGER NOT NULL,
                    stock INTEGER NOT NULL CHECK (stock >= 0)) WITHOUT ROWID;
                CREATE TABLE points_state (id INTEGER PRIMARY KEY CHECK (id = 1), cursor INTEGER NOT NULL, rules TEXT);
                INSERT INTO points_state (id, cursor) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v26: notifications") { db in
            // Inboxes of users and organisations, the outbox of e-mail and SMS deliveries written with
            // each notice, per-user preferences, and the named cursors of the notice generator (over
            // the change log) and the dispatcher (over the outbox). The notifications of before are
            // kept as notices of the kind `case_notice`; the generator starts at the end of the log,
            // so an upgraded city does not hear again of what happened before.
            try db.execute(sql: """
                CREATE TABLE notices (
                    id INTEGER PRIMARY KEY, recipient_kind TEXT NOT NULL, recipient_key TEXT NOT NULL, kind TEXT NOT NULL,
                    subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
                    body_zh TEXT NOT NULL, body_en TEXT NOT NULL, link TEXT NOT NULL, created_at INTEGER NOT NULL, read_at INTEGER);
                CREATE INDEX notices_recipient ON notices(recipient_kind, recipient_key, id);
                CREATE INDEX notices_unread ON notices(recipient_kind, recipient_key) WHERE read_at IS NULL;
                CREATE TABLE notice_outbox (
                    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE, channel TEXT NOT NULL,
                    address TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT,
                    next_attempt_at INTEGER NOT NULL, sent_at INTEGER);
                CREATE INDEX notice_outbox_pending ON notice_outbox(id) WHERE state = 'pending';
                CREATE INDEX notice_outbox_notice ON notice_outbox(notice_id);
                CREATE TABLE notice_preferences (
                    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, channels TEXT NOT NULL);
                CREATE TABLE notice_cursors (name TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO notices (id, recipient_kind, recipient_key, kind, subject_kind, subject_id, title_zh, title_en, body_zh, body_en, link, created_at)
                    SELECT id, 'user', CAST(user_id AS TEXT), 'case_notice', 'case', CAST(case_id AS TEXT), '案件消息', 'Case notice',
                           message_zh, message_en, '/app/cases/' || case_id, at FROM notifications;
                DROP TABLE notifications;
                INSERT INTO notice_cursors (name, position) SELECT 'case-events', COALESCE(MAX(seq), 0) FROM change_log;
                """)
        }
        migrator.registerMigration("v27: delegations of power") { db in
            // Who granted which power to which body, where, from when until when and why; revoked
            // grants keep their row with who revoked them, when and why.
            try db.execute(sql: """
                CREATE TABLE delegations (
                    id INTEGER PRIMARY KEY, power TEXT NOT NULL, organisation_code TEXT NOT NULL, jurisdiction TEXT,
                    valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL, reason TEXT NOT NULL,
                    granted_by INTEGER NOT NULL, granted_at INTEGER NOT NULL,
                    revoked_at INTEGER, revoked_by INTEGER, revocation_reason TEXT);
                """)
        }
        migrator.registerMigration("v28: personal data audit") { db in
            // Every read of personal data by staff: who (user and role), whose (case, citizen), which
            // fields, why and when. Append-only: the triggers refuse any change or deletion of a row.
            try db.execute(sql: """
                CREATE TABLE personal_data_reads (
                    id INTEGER PRIMARY KEY, reader_id INTEGER NOT NULL, reader_role TEXT NOT NULL, case_id INTEGER, subject_id INTEGER,
                    fields TEXT NOT NULL, purpose TEXT NOT NULL, at INTEGER NOT NULL);
                CREATE INDEX personal_data_reads_reader ON personal_data_reads(reader_id, id);
                CREATE INDEX personal_data_reads_case ON personal_data_reads(case_id, id) WHERE case_id IS NOT NULL;
                CREATE INDEX personal_data_reads_subject ON personal_data_reads(subject_id, id) WHERE subject_id IS NOT NULL;
                CREATE INDEX personal_data_reads_at ON personal_data_reads(at);
                CREATE TRIGGER personal_data_reads_no_update BEFORE UPDATE ON personal_data_reads
                    BEGIN SELECT RAISE(ABORT, 'personal_data_reads is append-only'); END;
                CREATE TRIGGER personal_data_reads_no_delete BEFORE DELETE ON personal_data_reads
                    BEGIN SELECT RAISE(ABORT, 'personal_data_reads is append-only'); END;
                """)
        }
        return migrator
    }
}
