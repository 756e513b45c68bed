package dev.anyrouter.web;

/**
 * What every signed-in page's frame shows: the title, which navigation entry is current, who is
 * signed in, and the session's CSRF token for the forms on the page.
 */
record Chrome(String title, String section, String email, String csrfToken) {
    static Chrome of(WebSession session, String title, String section) {
        return new Chrome(title, section, session.email(), session.csrfToken());
    }

    Chrome titled(String newTitle) {
        return new Chrome(newTitle, section, email, csrfToken);
    }

    boolean current(String candidate) {
        return candidate.equals(section);
    }

    @Override
    public String toString() {
        return "Chrome[title=" + title + ", section=" + section + ", csrfToken=<redacted>]";
    }
}
