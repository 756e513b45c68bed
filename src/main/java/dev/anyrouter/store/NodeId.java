package dev.anyrouter.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The stable id of this gateway node: a random id kept in {@code DATA/node-id}, made on first start.
 * Rows a node owns while it runs (credit holds) carry it, so the node can tell its own leftovers from
 * another live node's after a restart.
 */
public final class NodeId {
    public static final String FILE_NAME = "node-id";

    private NodeId() {}

    /** The node's id, read from the data dir or made there. */
    public static String load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                // Created 0600 like every file of the data dir; written only while still empty (another start may race).
                PrivateFiles.createFile(file);
                if (Files.size(file) == 0) Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (id.isEmpty() || id.length() > 64) throw new StoreException("the node id in " + file + " is not valid: delete the file");
            return id;
        } catch (IOException e) {
            throw new StoreException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
