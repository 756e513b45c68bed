package dev.anyrouter.store;

/** The two database engines every store test runs against. */
public enum Engine {
    SQLITE,
    POSTGRES
}
