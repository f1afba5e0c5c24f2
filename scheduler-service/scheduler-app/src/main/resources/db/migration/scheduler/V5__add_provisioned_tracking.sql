-- Target tracking (spec part 1 §11.7): {"MinCapacity", "MaxCapacity", "TrackingTarget"} or null for a fixed target.
ALTER TABLE provisioned_concurrency ADD COLUMN tracking jsonb;
