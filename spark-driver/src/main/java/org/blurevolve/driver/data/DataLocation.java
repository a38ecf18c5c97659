package org.blurevolve.driver.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Dataset locations as the experiment states them ({@code data-root}, a task's {@code path}): a URI
 * with a scheme ({@code hdfs://nn:8020/data}, {@code s3a://bucket/data}, {@code file:/data}), kept as
 * written, or a local path, made absolute against a base folder.
 */
public final class DataLocation {
    private DataLocation() {
    }

    /** Whether {@code location} names a scheme ({@code hdfs:}, {@code file:}, ...) rather than a local path. */
    public static boolean isUri(String location) {
        return location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    /**
     * A URI as written (without a trailing slash), or a local path made absolute against {@code base};
     * throws {@link IllegalArgumentException} naming the problem when it is neither.
     */
    public static String resolve(Path base, String location) {
        if (isUri(location)) {
            try {
                java.net.URI uri = new java.net.URI(location);
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new IllegalArgumentException("a URI needs a path, e.g. hdfs://namenode:8020/data");
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a usable URI (" + e.getReason() + ")");
            }
            return location.endsWith("/") && location.length() > 1 ? location.substring(0, location.length() - 1) : location;
        }
        try {
            return base.resolve(location).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a usable path (" + e.getReason() + ")");
        }
    }

    /** The folder {@code name} inside {@code location}. */
    public static String child(String location, String name) {
        return isUri(location) ? location + "/" + name : Path.of(location).resolve(name).toString();
    }
}
