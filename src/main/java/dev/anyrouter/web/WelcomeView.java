package dev.anyrouter.web;

/** The page right after sign-up: the account's first API key, shown this once. */
record WelcomeView(Chrome chrome, String apiKey, String baseUrl) {
    @Override
    public String toString() {
        return "WelcomeView[apiKey=<redacted>]";
    }
}
