package dev.anyrouter.config;

import java.time.Duration;

/**
 * How credits are given and held.
 *
 * @param signupGrantMicros the opening grant of a new account, in micro-dollars (0: none)
 * @param grantsPerAddress how many accounts signed up from one client address (an IPv6 address's
 *     /64) get the opening grant within {@code grantWindow}; 0: no limit
 * @param grantsPerWindow how many accounts get it within {@code grantWindow} from all addresses
 *     together; 0: no limit
 * @param grantWindow the window both limits count in, starting with its first grant
 * @param grantNeedsVerifiedEmail whether the grant waits until the account's e-mail is verified
 *     (which needs {@link MailSettings#configured() mail})
 * @param maxRequest the longest one request may last: credit held longer than this belongs to no
 *     running request, so it is released, and {@code credits audit} reports it
 */
public record CreditsSettings(long signupGrantMicros, int grantsPerAddress, int grantsPerWindow, Duration grantWindow,
                              boolean grantNeedsVerifiedEmail, Duration maxRequest) {
    /** $2.00. */
    public static final long DEFAULT_SIGNUP_GRANT_MICROS = 2_000_000;
    public static final int DEFAULT_GRANTS_PER_ADDRESS = 3;
    public static final Duration DEFAULT_GRANT_WINDOW = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_REQUEST = Duration.ofHours(1);

    public CreditsSettings {
        if (signupGrantMicros < 0) throw new InvalidSettingsException("signup-grant-usd must not be negative");
        if (grantsPerAddress < 0) throw new InvalidSettingsException("signup-grants-per-address must not be negative (0: no limit)");
        if (grantsPerWindow < 0) throw new InvalidSettingsException("signup-grants-per-window must not be negative (0: no limit)");
        if (grantWindow == null || grantWindow.isNegative() || grantWindow.isZero()) {
            throw new InvalidSettingsException("signup-grant-window-s must be positive");
        }
        if (maxRequest == null || maxRequest.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidSettingsException("max-request-s must be at least 60");
        }
    }

    /** The defaults: $2.00 for the first three sign-ups per address a day, no e-mail check, hour-long requests. */
    public static CreditsSettings defaults() {
        return new CreditsSettings(DEFAULT_SIGNUP_GRANT_MICROS, DEFAULT_GRANTS_PER_ADDRESS, 0, DEFAULT_GRANT_WINDOW, false,
                DEFAULT_MAX_REQUEST);
    }
}
