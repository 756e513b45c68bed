package dev.anyrouter.web;

/**
 * The page right after sign-up: the account's first API key, shown this once, and what became of
 * the opening credit ({@code grantNote}: given, waiting for the e-mail, or withheld and why).
 *
 * @param grantWithheld whether the note says the credit was not (yet) given
 */
record WelcomeView(Chrome chrome, String apiKey, String baseUrl, String grantNote, boolean grantWithheld) {
    @Override
    public String toString() {
        return "WelcomeView[apiKey=<redacted>, grantNote=" + grantNote + "]";
    }
}
