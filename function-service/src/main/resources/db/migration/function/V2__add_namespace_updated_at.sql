ALTER TABLE namespace ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
