package dev.anyrouter.web;

/**
 * What a dashboard handler answers; {@link Renderer} turns it into HTTP. A {@link Dialog} is a
 * fragment that htmx swaps into the page's dialog, or a whole page of its own for a browser that
 * asked without htmx (no JavaScript, a bookmarked link).
 */
sealed interface Reply {
    /** A full page rendered from {@code template} with its one parameter {@code model}. */
    record Page(int status, String template, Object model) implements Reply {}

    /** A dialog body; {@code chrome} frames it when it is shown as a page of its own. */
    record Dialog(int status, String template, Object model, Chrome chrome) implements Reply {}

    /** A file to save ({@code content-disposition: attachment}), e.g. the logs as CSV. */
    record Download(String contentType, String filename, String body) implements Reply {}

    /** See other: 303 for a browser, {@code HX-Redirect} for htmx (which would follow a 303 inside its swap). */
    record Redirect(String location) implements Reply {}

    static Reply page(String template, Object model) {
        return new Page(200, template, model);
    }

    static Reply redirect(String location) {
        return new Redirect(location);
    }

    static Reply notFound(Chrome chrome, String what) {
        return new Page(404, "message.jte", new MessageView(chrome.titled("Not found"), "Not found", what, "/byok", "Back to your keys"));
    }
}
