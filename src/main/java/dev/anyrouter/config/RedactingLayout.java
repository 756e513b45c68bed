package dev.anyrouter.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.anyrouter.vault.Redaction;

/**
 * The only layout our logging configuration uses: the formatted line, message and stack trace
 * included, passes through {@link Redaction} last, so no log statement anywhere can write a
 * credential even by mistake.
 */
public final class RedactingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return Redaction.redact(super.doLayout(event));
    }
}
