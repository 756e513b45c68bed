package dev.anyrouter.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;

/**
 * JSON laid out as Google's front end writes it, so a gateway that matches strings instead of
 * parsing finds out here: bodies indented by two spaces with {@code "key": value}, and stream
 * events on one line with a space after each colon only ({@code {"candidates": [{"content": …}
 * ],"usageMetadata": …}}).
 */
final class GoogleJson {

    private final ObjectWriter indented;
    private final ObjectWriter oneLine;

    GoogleJson(JsonCodec json) {
        Separators colonSpace = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(Separators.Spacing.NONE)
                .withArrayValueSpacing(Separators.Spacing.NONE)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        this.indented = json.mapper().writer(new DefaultPrettyPrinter()
                .withSeparators(colonSpace)
                .withObjectIndenter(twoSpaces)
                .withArrayIndenter(twoSpaces));
        this.oneLine = json.mapper().writer(new DefaultPrettyPrinter()
                .withSeparators(colonSpace)
                .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
                .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));
    }

    /** A response body: indented, ending in a newline. */
    Buffer indented(JsonNode tree) {
        return write(indented, tree).appendString("\n");
    }

    /** A stream event's JSON: one line. */
    String oneLine(JsonNode tree) {
        return write(oneLine, tree).toString();
    }

    private static Buffer write(ObjectWriter writer, JsonNode tree) {
        try {
            return Buffer.buffer(writer.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
