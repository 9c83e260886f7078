-- The daily purge of anonymous simulations (products.purge-anonymous-simulations) reads the oldest ones first.
CREATE INDEX simulations_anonymous_created_idx ON simulations (created_at) WHERE user_id IS NULL;
