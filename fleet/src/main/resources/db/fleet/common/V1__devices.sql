-- The devices the fleet has heard of, and what their retained state last said.
CREATE TABLE device (
    id          VARCHAR(64)  PRIMARY KEY,
    online      BOOLEAN      NOT NULL,
    reason      VARCHAR(32),
    version     VARCHAR(64),
    room        VARCHAR(80),
    site        VARCHAR(80),
    call_state  VARCHAR(32),
    state_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX device_site ON device (site);
CREATE INDEX device_online ON device (online);
