-- Which fleet manager leads: the one that runs rollouts and pushes configuration. One row
-- (name 'leader'); holder and epoch are the fence a leader's writes check; expires_at is reckoned
-- from the database's own clock, never a manager's.
CREATE TABLE fleet_lease (
    name        VARCHAR(32)  PRIMARY KEY,
    holder      VARCHAR(64)  NOT NULL,
    epoch       BIGINT       NOT NULL,
    acquired_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
