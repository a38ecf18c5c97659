package org.blurevolve.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code SHA256SUMS} of a dataset folder ({@code HASH  NAME} lines, as {@code blur data fetch}
 * and {@code sha256sum} write them), or none when the folder has no such file. Immutable.
 */
final class Checksums {
    static final String FILE = "SHA256SUMS";

    private final String folder;
    private final Map<String, String> byName;

    private Checksums(String folder, Map<String, String> byName) {
        this.folder = folder;
        this.byName = byName;
    }

    /** The folder's checksums; a folder without {@code SHA256SUMS} gets an instance that checks nothing. */
    static Checksums read(DataFiles files, String folder) throws IOException {
        Optional<byte[]> text = files.read(folder, FILE);
        String source = child(folder, FILE);
        Map<String, String> byName = new TreeMap<>();
        if (text.isEmpty()) {
            return new Checksums(folder, null);
        }
        String[] lines = new String(text.get(), StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new DataFormatException(source + ": line " + (i + 1) + " \"" + line + "\" is not \"SHA256  FILE\";"
                        + " fetch the dataset again (blur data fetch) or delete the line");
            }
            byName.put(parts[1], parts[0].toLowerCase(java.util.Locale.ROOT));
        }
        return new Checksums(folder, byName);
    }

    /** Checks a file's stored bytes against its listed SHA-256 (nothing to check without SHA256SUMS). */
    void verify(String name, byte[] bytes) {
        if (byName == null) {
            return;
        }
        String expected = byName.get(name);
        if (expected == null) {
            throw new DataFormatException(child(folder, FILE) + ": does not list " + name + "; add its SHA-256 line"
                    + " (sha256sum " + name + ") or remove SHA256SUMS");
        }
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new DataFormatException(child(folder, name) + ": SHA-256 is " + actual + " but " + FILE
                    + " lists " + expected + "; the file is damaged or was changed: fetch the dataset again"
                    + " (blur data fetch) and copy the whole folder again");
        }
    }

    /** {@code folder/name} for a path or a URI. */
    static String child(String folder, String name) {
        return (folder.endsWith("/") ? folder : folder + "/") + name;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
