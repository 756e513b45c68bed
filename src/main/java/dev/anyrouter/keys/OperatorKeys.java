package dev.anyrouter.keys;

import dev.anyrouter.store.Database;

/**
 * The operator's own provider keys, which serve credits traffic, are ordinary provider-key rows
 * under this reserved account (created when the operator adds a first key): sealed by the same
 * vault, cached by the same {@link KeyDirectory}, and never listed to any other account. It has no
 * API key, no usable password ({@code !} is no hash) and an e-mail no signup accepts ({@code operator}),
 * so nobody can sign in as it or take its place.
 */
public final class OperatorKeys {
    /** The id of the account that owns the operator's keys. */
    public static final String ACCOUNT_ID = "operator";

    private OperatorKeys() {}

    /** Creates the operator's account row if it is not there yet; blocking. */
    public static void ensureAccount(Database db) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at)"
                    + " VALUES (?, 'operator', '!', 0) ON CONFLICT DO NOTHING")) {
                ps.setString(1, ACCOUNT_ID);
                return ps.executeUpdate();
            }
        });
    }
}
