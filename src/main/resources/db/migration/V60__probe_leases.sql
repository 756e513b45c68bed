-- Who is probing an ejected provider key: one request in the whole cluster at a time. A node
-- claims the row when the ejection has run out and deletes it when the probe has its verdict; a
-- row whose expiry has passed (its node died mid-probe) may be claimed by any node.
CREATE TABLE probe_leases (
    key_id     TEXT   NOT NULL PRIMARY KEY,
    node_id    TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
