package dev.anyrouter.web;

import java.util.List;

/**
 * The /account page: change the password, see the signed-in sessions, end one or all of them.
 * {@code notice} says what the last action did and {@code error} why it did not; either may be null.
 */
record SecurityView(Chrome chrome, List<Row> sessions, String notice, String error) {
    /** A live session, never its token; {@code current} is the one showing this page. */
    record Row(String id, String device, String signedIn, String lastSeen, String lastSeenStamp, String expires, boolean current) {}
}
