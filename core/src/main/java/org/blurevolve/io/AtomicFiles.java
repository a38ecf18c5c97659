package org.blurevolve.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that either replace the target completely or leave it untouched.
 *
 * <p>A write goes to a hidden temp file beside the target ({@code .NAME.<random>.tmp}), writes every
 * byte, forces it to the device, reads it back and compares it byte for byte, and only then renames
 * it over the target ({@code ATOMIC_MOVE}, {@code REPLACE_EXISTING}) and forces the directory where
 * the platform allows it. The written file is {@code rw-r--r--} on POSIX file systems: results are
 * meant to be shared. Works on any NIO file system that supports atomic moves (the default one,
 * Jimfs).
 *
 * <p>On any failure the temp file is deleted, the old target is left as it was, and the
 * {@link IOException} says in one line which file and why, e.g.
 * {@code runs/x/best-genome.json: cannot write (No space left on device); nothing was replaced}.
 *
 * <p>Thread safety: concurrent writes of different files are safe. Two concurrent writes of the same
 * file each land atomically; the last rename wins.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
    private static final int CHUNK = 1 << 16;

    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8; see the class comment for the guarantees. */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code file} with exactly {@code bytes}, creating missing parent folders. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemp(dir, file.getFileName().toString());
            share(tmp);
            writeFully(tmp, bytes);
            verify(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            IOException failure = failure(file, e);
            discard(tmp, failure);
            throw failure;
        } catch (Error e) {
            discard(tmp, e);
            throw e;
        }
        forceDirectory(dir);
    }

    /** Deletes the temp file after a failure; a failed delete is recorded on the failure, not thrown. */
    private static void discard(Path tmp, Throwable failure) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    /** Sets rw-r--r-- explicitly so the umask does not decide who can read a result. */
    private static void share(Path tmp) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(SHARED);
        }
    }

    private static void writeFully(Path tmp, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < bytes.length) {
                int n = ch.write(buf);
                if (n <= 0) {
                    throw new IOException("the file system took 0 bytes at offset " + written + " of " + bytes.length);
                }
                written += n;
            }
            ch.force(true);
        }
    }

    /** Reads the temp file back in chunks; any difference from {@code bytes} is a failed write. */
    private static void verify(Path tmp, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
            if (ch.size() != bytes.length) {
                throw new IOException("read back " + ch.size() + " bytes, wrote " + bytes.length);
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK, Math.max(1, bytes.length)));
            int offset = 0;
            while (offset < bytes.length) {
                buf.clear();
                int n = ch.read(buf);
                if (n <= 0) {
                    throw new IOException("read back ended at byte " + offset + " of " + bytes.length);
                }
                if (!Arrays.equals(buf.array(), 0, n, bytes, offset, offset + n)) {
                    throw new IOException("read back bytes that differ from those written near offset " + offset);
                }
                offset += n;
            }
        }
    }

    /** Makes the rename durable where directories can be forced (Linux); elsewhere there is nothing to do. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the platform cannot open or force a directory (Windows, some virtual file systems)
        }
    }

    private static IOException failure(Path file, Exception e) {
        return new IOException(file + ": cannot write (" + reason(e) + "); nothing was replaced", e);
    }

    /** The cause in a few words: the OS reason for file system errors, else the exception's message. */
    static String reason(Throwable e) {
        if (e instanceof FileSystemException fse) {
            String what = fse.getReason() != null ? fse.getReason() : switch (e.getClass().getSimpleName()) {
                case "AccessDeniedException" -> "permission denied";
                case "NoSuchFileException" -> "no such file or directory";
                case "NotDirectoryException" -> "not a directory";
                case "DirectoryNotEmptyException" -> "a non-empty directory is in the way";
                case "FileAlreadyExistsException" -> "file exists";
                default -> e.getClass().getSimpleName();
            };
            return fse.getFile() == null ? what : what + ": " + fse.getFile();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
