package dev.anyrouter.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The data directory and the database file are the operator's alone: created owner-only (0700 and
 * 0600, from the start rather than chmod-ed after, so there is no window where they are readable),
 * and an existing one that others can read is reported in one line. Off POSIX file systems there
 * are no such modes and nothing is checked.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_DIR = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parents with mode 0700; an existing directory is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates an empty {@code file} with mode 0600 unless it exists; its directory is created 0700. */
    public static void createFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) createDirectory(parent);
        if (Files.exists(file)) return;
        try {
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process made it first; its mode is checked like any existing file's.
        }
    }

    /** One line for the operator when group or others may access {@code path}; empty when it is private or absent. */
    public static Optional<String> exposure(Path path, String what) {
        if (!Files.exists(path) || !posix(path)) return Optional.empty();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.stream().noneMatch(OTHERS::contains)) return Optional.empty();
            String fix = Files.isDirectory(path) ? "chmod 700 " : "chmod 600 ";
            return Optional.of("the " + what + " " + path + " can be read by other users (" + PosixFilePermissions.toString(mode)
                    + "); restrict it with: " + fix + path);
        } catch (IOException e) {
            return Optional.of("cannot read the permissions of the " + what + " " + path + ": " + e.getClass().getSimpleName());
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
