-- Each device's latest telemetry (its health report, as JSON) and when the fleet received it, so a
-- restarted fleet manager shows the last-known health, marked with its age, until the device
-- reports again. Written in batches (RegistryWriter), not once per message.
CREATE TABLE device_health (
    id          VARCHAR(64)    PRIMARY KEY,
    report      VARCHAR(16384) NOT NULL,
    reported_at TIMESTAMP WITH TIME ZONE NOT NULL
);
