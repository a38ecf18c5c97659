package org.blurevolve.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes NumPy {@code .npy} files (format version 1.0): little-endian float64, C order, so
 * {@code numpy.load(path)} returns an array of the given shape.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /** Writes {@code values} (row-major) with {@code shape}; their product must equal the length. */
    public static void write(Path file, double[] values, int... shape) throws IOException {
        long size = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (size != values.length) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "")
                + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            buf.putDouble(v);
        }
        Files.write(file, buf.array());
    }
}
