package dev.anyrouter.web;

/** "Are you sure?" before something that cannot be undone; the button posts {@code action}. */
record ConfirmView(String csrfToken, String title, String text, String action, String button, String cancelHref) {}
