-- Where each rollout's bundle is served from: the address devices are told to fetch.
ALTER TABLE rollout ADD COLUMN bundle_url VARCHAR(2048);
