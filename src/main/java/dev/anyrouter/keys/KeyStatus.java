package dev.anyrouter.keys;

/**
 * Whether a provider key may serve requests.
 *
 * <ul>
 *   <li>{@link #ACTIVE}: in the pool.
 *   <li>{@link #DISABLED}: switched off by its owner; stays off until they switch it on.
 *   <li>{@link #QUARANTINED}: the provider rejected it (401/403); out of the pool until it is
 *       re-validated. The row's status reason says why.
 * </ul>
 */
public enum KeyStatus {
    ACTIVE,
    DISABLED,
    QUARANTINED
}
