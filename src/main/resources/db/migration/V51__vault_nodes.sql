-- Each running gateway says here, every few seconds, which master-key versions it can unwrap and
-- which one it seals with, so `anyrouter vault rotate` can wait until every gateway has loaded a new
-- version before anything is sealed or re-wrapped under it. A row not refreshed for a while is a
-- gateway that stopped; it is ignored.
CREATE TABLE vault_nodes (
    node_id         TEXT    NOT NULL PRIMARY KEY,
    versions        TEXT    NOT NULL,
    primary_version BIGINT  NOT NULL,
    seen_at         BIGINT  NOT NULL
);
