-- API keys for TC3-HMAC-SHA256 (issue #3 adds the API): the secret key is stored encrypted with the master key.
CREATE TABLE access_key (
    secret_id        text        PRIMARY KEY,
    secret_key_enc   bytea       NOT NULL,
    owner_uin        text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    status           text        NOT NULL,
    created_at       timestamptz NOT NULL,
    last_used_at     timestamptz
);
