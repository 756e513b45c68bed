package dev.anyrouter.protocol.sse;

/**
 * One complete server-sent event: its exact bytes as received (so it can be relayed without
 * re-serialising) and the joined value of its {@code data:} lines ({@code null} when none).
 */
public record SseEvent(byte[] raw, String event, String data) {}
