package dev.anyrouter.web;

/**
 * The page right after sign-up: the account's first API key, shown this once, and what became of
 * the opening credit. {@code once} is null on a reload (the key was shown already).
 */
record WelcomeView(Chrome chrome, Once once, String baseUrl) {
    /**
     * What the sign-up's redirect carries to this page, once.
     *
     * @param grantNote what became of the opening credit: given, waiting for the e-mail, or withheld and why
     * @param grantWithheld whether the note says the credit was not (yet) given
     */
    record Once(String apiKey, String grantNote, boolean grantWithheld) {
        @Override
        public String toString() {
            return "Once[apiKey=<redacted>, grantNote=" + grantNote + "]";
        }
    }
}
