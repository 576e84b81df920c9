-- An employer's website (optional; an http:// or https:// address, checked by the service).
ALTER TABLE employers ADD COLUMN website TEXT;
