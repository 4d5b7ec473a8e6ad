-- Layered configuration: values set for the whole organisation, a site, a room or one device.
-- scope is 'org', 'site:<site>', 'room:<site>/<room>' or 'device:<id>'.
CREATE TABLE config_layer (
    scope         VARCHAR(200)  NOT NULL,
    setting_key   VARCHAR(100)  NOT NULL,
    setting_value VARCHAR(2048) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(64)   NOT NULL,
    PRIMARY KEY (scope, setting_key)
);

-- What each device last accepted from the layers (a JSON object of key -> value, and its hash),
-- or why it refused the latest.
CREATE TABLE device_config (
    id           VARCHAR(64)  PRIMARY KEY,
    applied      VARCHAR(30000) NOT NULL,
    applied_hash VARCHAR(64)  NOT NULL,
    applied_at   TIMESTAMP WITH TIME ZONE,
    error        VARCHAR(1000),
    error_hash   VARCHAR(64),
    error_at     TIMESTAMP WITH TIME ZONE
);
