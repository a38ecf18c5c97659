package org.blurevolve.data;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of the MNIST family, unsigned-byte payloads only: magic 0x00 0x00 0x08 D, then D
 * big-endian int32 dimensions, then the bytes. Files ending in {@code .gz} are gzipped. Reading
 * checks the magic number, the dimensions and the exact payload length.
 *
 * @param dims    dimensions, e.g. {count, 28, 28} for images or {count} for labels
 * @param payload the unsigned bytes in row-major order
 */
public record IdxFile(int[] dims, byte[] payload) {
    private static final int UNSIGNED_BYTE = 0x08;

    public IdxFile {
        dims = dims.clone();
        long expected = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("IDX dimension " + d + " is negative");
            }
            expected *= d;
        }
        if (expected != payload.length) {
            throw new IllegalArgumentException("IDX payload has " + payload.length + " bytes, dims "
                    + Arrays.toString(dims) + " need " + expected);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Reads an IDX file (gzipped when the name ends in .gz). */
    public static IdxFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": file not found");
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return decode(file.toString(), bytes);
    }

    /**
     * Decodes the bytes of an IDX file as stored (gunzipped first when {@code name} ends in .gz);
     * {@code name} locates the file in messages.
     */
    public static IdxFile decode(String name, byte[] stored) {
        byte[] raw = stored;
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 1 << 16)) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new DataFormatException(name + ": cannot read (" + e.getMessage() + "); is it truncated or not gzip?", e);
            }
        }
        return parse(name, raw);
    }

    private static IdxFile parse(String file, byte[] raw) {
        if (raw.length < 4) {
            throw new DataFormatException(file + ": only " + raw.length + " bytes, too short for an IDX header");
        }
        if (raw[0] != 0 || raw[1] != 0 || raw[2] != UNSIGNED_BYTE) {
            throw new DataFormatException(String.format(
                    "%s: bad IDX magic number %02x %02x %02x %02x, expected 00 00 08 (unsigned byte) then the dimension count",
                    file, raw[0], raw[1], raw[2], raw[3]));
        }
        int d = raw[3] & 0xff;
        if (d < 1 || raw.length < 4 + 4 * d) {
            throw new DataFormatException(file + ": IDX header declares " + d + " dimensions but the file has "
                    + raw.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(raw, 4, 4 * d);
        int[] dims = new int[d];
        long expected = 1;
        for (int i = 0; i < d; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new DataFormatException(file + ": IDX dimension " + i + " is negative (" + dims[i] + ")");
            }
            expected *= dims[i];
        }
        long actual = raw.length - 4L - 4L * d;
        if (actual != expected) {
            throw new DataFormatException(file + ": IDX dimensions " + Arrays.toString(dims) + " need " + expected
                    + " data bytes but the file has " + actual + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
        return new IdxFile(dims, Arrays.copyOfRange(raw, 4 + 4 * d, raw.length));
    }

    /** Writes this file (gzipped when the name ends in .gz). */
    public void write(Path file) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(head);
        out.write(new byte[] {0, 0, UNSIGNED_BYTE, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        try (OutputStream os = create(file)) {
            os.write(head.toByteArray());
            os.write(payload);
        }
    }

    private static OutputStream create(Path file) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(os, 1 << 16) : os;
    }
}
