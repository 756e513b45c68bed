package dev.anyrouter.web;

/**
 * The e-mail verification page: a button that spends the link's token (a GET never does, so a mail
 * scanner that opens links verifies nothing), then what happened.
 *
 * @param token the link's token while it is still to be spent; null once done
 * @param result what happened; null before
 */
record VerifyView(String formToken, String token, String result, boolean failed) {
    @Override
    public String toString() {
        return "VerifyView[token=<redacted>, result=" + result + "]";
    }
}
