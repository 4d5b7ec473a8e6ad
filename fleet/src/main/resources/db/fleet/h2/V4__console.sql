-- People who use the console and the API, and everything they did.
CREATE TABLE console_user (
    name        VARCHAR(64)  PRIMARY KEY,
    role        VARCHAR(16)  NOT NULL,
    salt        VARCHAR(64)  NOT NULL,
    hash        VARCHAR(128) NOT NULL
);
CREATE TABLE audit (
    seq         BIGINT AUTO_INCREMENT PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    target      VARCHAR(256) NOT NULL,
    outcome     VARCHAR(256) NOT NULL
);
