-- The first limbvol store schema (version 1), kept to test the upgrade to
-- the current one.  Never change this file: it is what old stores hold.
PRAGMA application_id = 1280724812;
CREATE TABLE patient(
 id INTEGER PRIMARY KEY,
 code TEXT NOT NULL UNIQUE,
 created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')));
CREATE TABLE limb(
 id INTEGER PRIMARY KEY,
 patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
 name TEXT NOT NULL CHECK (name IN ('left-arm', 'right-arm', 'left-leg', 'right-leg')),
 UNIQUE (patient_id, name));
CREATE TABLE session(
 id INTEGER PRIMARY KEY,
 patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
 date TEXT NOT NULL,
 kind TEXT NOT NULL CHECK (kind IN ('baseline', 'drainage', 'follow-up', 'other')));
CREATE INDEX session_patient ON session(patient_id, date);
CREATE TABLE measurement(
 id INTEGER PRIMARY KEY,
 limb_id INTEGER NOT NULL REFERENCES limb(id) ON DELETE CASCADE,
 session_id INTEGER REFERENCES session(id),
 date TEXT NOT NULL,
 phase TEXT NOT NULL CHECK (phase IN ('baseline', 'pre', 'post', 'other')),
 model TEXT NOT NULL,
 reading_sd_cm REAL NOT NULL,
 volume_ml REAL NOT NULL,
 sd_ml REAL NOT NULL,
 created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')));
CREATE INDEX measurement_limb ON measurement(limb_id, date);
CREATE TABLE site(
 measurement_id INTEGER NOT NULL REFERENCES measurement(id) ON DELETE CASCADE,
 idx INTEGER NOT NULL,
 site_cm REAL NOT NULL,
 circumference_cm REAL NOT NULL,
 PRIMARY KEY (measurement_id, idx)) WITHOUT ROWID;
PRAGMA user_version = 1;

-- one patient measured with schema 1: a 40 cm cylinder of C = 25 cm
-- (1989.44 mL, clinical.md) on both arms
INSERT INTO patient(id, code) VALUES (1, 'OLD01');
INSERT INTO limb(id, patient_id, name) VALUES (1, 1, 'left-arm'), (2, 1, 'right-arm');
INSERT INTO session(id, patient_id, date, kind) VALUES (1, 1, '2025-11-03', 'baseline');
INSERT INTO measurement(id, limb_id, session_id, date, phase, model, reading_sd_cm, volume_ml, sd_ml)
 VALUES (1, 1, 1, '2025-11-03', 'baseline', 'frustum', 0.1, 1989.44, 5.0),
        (2, 2, 1, '2025-11-03', 'baseline', 'frustum', 0.1, 1989.44, 5.0);
INSERT INTO site(measurement_id, idx, site_cm, circumference_cm)
 VALUES (1, 0, 0, 25), (1, 1, 40, 25), (2, 0, 0, 25), (2, 1, 40, 25);
