package dev.anyrouter.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads and writes the master keyset file. On POSIX file systems the file is created with
 * permissions 0600 from the start (never chmod-ed afterwards, which would leave a window where it is
 * readable), and a file that group or others can access is refused.
 */
final class KeysetFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The file's content, and whether this call created it. */
    record Loaded(String json, boolean created) {}

    private KeysetFile() {
    }

    /** Reads {@code file}, or creates it with {@code newJson} when it does not exist. */
    static Loaded readOrCreate(Path file, Supplier<String> newJson) {
        if (!Files.exists(file)) {
            String json = newJson.get();
            try {
                createDirectories(file.toAbsolutePath().getParent());
                writeNew(file, json);
                return new Loaded(json, true);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between the check and the write: use theirs.
            } catch (IOException e) {
                throw new VaultException("cannot create the master key file " + file + ": " + describe(e), e);
            }
        }
        return new Loaded(read(file), false);
    }

    /** Reads an existing {@code file} (owner-only, as {@link #readOrCreate} checks). */
    static String readExisting(Path file) {
        return read(file);
    }

    /** Atomically replaces {@code file} with {@code json}, keeping it owner-only. */
    static void replace(Path file, String json) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            writeNew(temporary, json);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new VaultException("cannot write the master key file " + file
                    + " (the previous key is unchanged): " + describe(e), e);
        }
    }

    private static String read(Path file) {
        try {
            if (isPosix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw new VaultException("the master key file " + file + " is accessible by other users ("
                            + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new VaultException("the master key file " + file + " disappeared while it was being read", e);
        } catch (IOException e) {
            throw new VaultException("cannot read the master key file " + file + ": " + describe(e), e);
        }
    }

    private static void writeNew(Path file, String json) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = isPosix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, options, attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            // A master key lost in a crash makes every stored credential unreadable: flush to disk.
            channel.force(true);
        }
    }

    private static void createDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String describe(IOException e) {
        // NIO's messages name the path and the reason (e.g. AccessDeniedException: /data/master-key.json).
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
