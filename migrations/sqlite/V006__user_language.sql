-- A user's language for the web interface (en, vi, lo); NULL: from the browser.
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'vi', 'lo'));
