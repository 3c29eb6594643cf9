-- The app's own choices that outlive a restart, such as the input to record from.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
