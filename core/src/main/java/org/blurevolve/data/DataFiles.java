package org.blurevolve.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one seam through which image data is read: the files of a dataset folder named by a location
 * string. {@link #LOCAL} reads local paths; the Spark driver supplies one that also reads Hadoop
 * FileSystem URIs ({@code hdfs://}, {@code s3a://}, ...) with Spark's Hadoop configuration, so core
 * needs no Hadoop. Implementations must be thread-safe.
 */
public interface DataFiles {

    /** Local paths (a {@code file:} URI is read as its path). */
    DataFiles LOCAL = new DataFiles() {
        @Override
        public boolean isFolder(String folder) {
            return Files.isDirectory(path(folder));
        }

        @Override
        public Optional<byte[]> read(String folder, String name) throws IOException {
            Path file = path(folder).resolve(name);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            }
        }

        private Path path(String folder) {
            try {
                return folder.startsWith("file:") ? Path.of(java.net.URI.create(folder)) : Path.of(folder);
            } catch (IllegalArgumentException e) { // InvalidPathException too
                throw new DataFormatException(folder + ": not a usable folder (" + e.getMessage() + ")");
            }
        }
    };

    /** Whether {@code folder} exists and is a folder. */
    boolean isFolder(String folder) throws IOException;

    /** The whole content of file {@code name} in {@code folder}, or empty when there is no such file. */
    Optional<byte[]> read(String folder, String name) throws IOException;
}
