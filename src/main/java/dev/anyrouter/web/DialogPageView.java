package dev.anyrouter.web;

/** A dialog's already-rendered (and already escaped) body shown as a page of its own. */
record DialogPageView(Chrome chrome, String bodyHtml) {}
