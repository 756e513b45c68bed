package dev.anyrouter.vault;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway's side of a rotation: it reads the keyset file again whenever its bytes
 * change ({@link #check}, called every second) and has the vault adopt it, and it reports what it
 * holds to {@link VaultNodes} ({@link #report}, every few seconds and after each reload). A
 * rotation run by {@code anyrouter vault rotate} in another process waits on those reports before
 * it seals or re-wraps anything under a version, so a row re-wrapped under a version this gateway
 * did not know yet can never reach it.
 *
 * <p>A file that cannot be read or parsed (half-copied by hand, say) is reported once and the
 * keys already loaded stay in use.
 */
public final class KeysetWatch {
    private static final Logger LOG = LoggerFactory.getLogger(KeysetWatch.class);

    private final Path file;
    private final KeyVault vault;
    private final VaultNodes nodes;
    private final String nodeId;
    private byte[] lastSeen;
    private boolean complained;

    /** Watches {@code file} for {@code vault}, reporting to {@code nodes} as a node with a new id. */
    public KeysetWatch(Path file, KeyVault vault, VaultNodes nodes) {
        this.file = Objects.requireNonNull(file);
        this.vault = Objects.requireNonNull(vault);
        this.nodes = Objects.requireNonNull(nodes);
        this.nodeId = hostName() + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        // Unset: the first check reads the file once more, so a rotation step written while this
        // gateway was starting is not missed.
        this.lastSeen = null;
    }

    /** This gateway's name in the reports. */
    public String nodeId() {
        return nodeId;
    }

    /** Reads the file if its bytes changed and adopts it; true when it did. Blocking (file I/O). */
    public synchronized boolean check() {
        byte[] now = bytes();
        if (now == null || Arrays.equals(now, lastSeen)) return false;
        try {
            MasterKey reloaded = MasterKey.read(file);
            var before = vault.keyVersions();
            int primaryBefore = vault.currentKeyVersion();
            vault.adopt(reloaded);
            lastSeen = now;
            complained = false;
            boolean changed = !before.equals(vault.keyVersions()) || primaryBefore != vault.currentKeyVersion();
            if (changed) {
                LOG.info("master key reloaded from {}: sealing with version {}, {} versions held", file,
                        Integer.toUnsignedString(vault.currentKeyVersion()), vault.keyVersions().size());
            }
            report();
            return changed;
        } catch (VaultException e) {
            if (!complained) LOG.warn("the master key file {} changed but cannot be used, keeping the loaded key: {}", file, e.getMessage());
            complained = true;
            return false;
        }
    }

    /** Tells the other processes what this gateway holds now. Blocking (one write). */
    public void report() {
        nodes.report(nodeId, vault.keyVersions(), vault.currentKeyVersion());
    }

    /** Removes this gateway's report (it is stopping). */
    public void leave() {
        nodes.leave(nodeId);
    }

    private byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
