package dev.anyrouter.web;

/** The signed-in user of a dashboard request; {@link #toString()} leaves the CSRF token out. */
record WebSession(String accountId, String email, String csrfToken) {
    @Override
    public String toString() {
        return "WebSession[accountId=" + accountId + ", csrfToken=<redacted>]";
    }
}
