package dev.anyrouter.e2e;

import dev.anyrouter.providers.UpstreamAddressGuard;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that a credential is never sent where it must not go: a public name, {@link #ATTACKER},
 * that the gateway's resolver points at a {@link LoopbackListener} on this machine, so that anything
 * sent there would be recorded; every other name resolves as usual.
 */
abstract class AttackerHost {
    static final String ATTACKER = "attacker.example";

    @TempDir
    Path dataDir;

    LoopbackListener listener;
    /** The attacker's public name resolves to the loopback listener; everything else as usual. */
    final UpstreamAddressGuard.Resolver resolver = host -> host.equals(ATTACKER)
            ? new InetAddress[] {InetAddress.getLoopbackAddress()} : InetAddress.getAllByName(host);

    @BeforeEach
    void listen() throws Exception {
        listener = new LoopbackListener();
    }

    @AfterEach
    void stopListening() {
        listener.close();
    }
}
