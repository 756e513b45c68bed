package dev.anyrouter.web;

/** A page that only says something (not found, a form that expired) and where to go next. */
record MessageView(Chrome chrome, String heading, String text, String linkHref, String linkText) {}
