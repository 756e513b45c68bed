package dev.anyrouter.vault;

import java.nio.file.Path;

/** Where a {@link MasterKey} came from, which decides whether and where a rotation is persisted. */
sealed interface MasterKeyOrigin {

    /** From {@code ANYROUTER_MASTER_KEY}; {@code dataDir} is only named in the advice on rotation. */
    record FromEnv(Path dataDir) implements MasterKeyOrigin {}

    /** From the keyset file, which a rotation rewrites. */
    record FromFile(Path file) implements MasterKeyOrigin {}

    /** Generated in memory; never persisted. */
    record InMemory() implements MasterKeyOrigin {}
}
