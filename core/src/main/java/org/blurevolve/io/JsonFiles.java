package org.blurevolve.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's JSON on Jackson: one shared, configured {@link ObjectMapper} and the few file
 * operations every reader and writer needs.
 *
 * <p>Written JSON is pretty-printed with a 2-space indent, {@code "key": value}, one array element
 * per line, {@code []} and {@code {}} when empty, and a trailing newline (the layout of the shipped
 * {@code conf/genomes/*.json}). Map and object keys keep their insertion order; callers that want a
 * stable order insert in that order. Doubles are written with {@link Double#toString(double)}, so
 * they read back bit-exact. A non-finite double or float is written as {@code null} (JSON has no
 * NaN or Infinity): callers that need to tell them apart map them to something else first.
 *
 * <p>Reading is strict JSON: no comments, no NaN tokens, no trailing content after the value.
 *
 * <p>Thread safety: everything here is safe to use from many threads. The mapper is shared: do not
 * reconfigure it; derive an {@code ObjectReader} or {@code ObjectWriter} for variations.
 */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .addDecorator((factory, generator) -> new FiniteOrNull(generator)).build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPrettyPrinter(prettyPrinter())
            .build();

    private JsonFiles() {
    }

    /** The shared mapper (also for streaming: {@code mapper().createParser(..)}); do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a file into a tree. An empty file, malformed JSON or trailing content is an
     * {@link IOException} (Jackson's {@link JsonProcessingException} for the syntax); callers wrap it
     * into their own format exception with the file name, using {@link #problem(IOException)}.
     */
    public static JsonNode readTree(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode node = MAPPER.readTree(in);
            if (node == null || node.isMissingNode()) {
                throw new EOFException("the file is empty, expected JSON");
            }
            return node;
        }
    }

    /** The value as pretty JSON text with a trailing newline. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render a " + value.getClass().getName() + " as JSON: "
                    + problem(e), e);
        }
    }

    /** Writes the value as pretty JSON through {@link AtomicFiles#write(Path, String)}. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        AtomicFiles.write(file, write(value));
    }

    /**
     * One line describing a read failure: for JSON syntax errors the line and column and Jackson's
     * reason without its source excerpt, else the I/O reason.
     */
    public static String problem(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation at = jpe.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            return "not valid JSON (" + where + jpe.getOriginalMessage().replace('\n', ' ') + ")";
        }
        return AtomicFiles.reason(e);
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indent)
                .withArrayIndenter(indent);
    }

    /** Writes non-finite doubles and floats as null, wherever they come from (beans, arrays, trees). */
    private static final class FiniteOrNull extends JsonGeneratorDelegate {
        FiniteOrNull(JsonGenerator delegate) {
            super(delegate, true);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeNumber(array[i]);
            }
            writeEndArray();
        }
    }
}
