package org.blurevolve.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonFilesTest {
    private static final double[] AWKWARD = {0.1, 1e-300, -0.0, Math.nextUp(1.0), 1.0 / 3, Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MIN_NORMAL, 2e23, 123456789012345678.0};

    private FileSystem fs;

    @BeforeEach
    void fileSystem() {
        fs = Jimfs.newFileSystem(Configuration.unix());
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void doublesRoundTripBitExactThroughAFile() throws IOException {
        Path file = fs.getPath("/d.json");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("array", AWKWARD);
        value.put("list", java.util.Arrays.stream(AWKWARD).boxed().toList());

        JsonFiles.writeAtomically(file, value);
        JsonNode back = JsonFiles.readTree(file);

        for (String key : List.of("array", "list")) {
            for (int i = 0; i < AWKWARD.length; i++) {
                assertEquals(Double.doubleToRawLongBits(AWKWARD[i]),
                        Double.doubleToRawLongBits(back.get(key).get(i).doubleValue()), key + "[" + i + "] = " + AWKWARD[i]);
            }
        }
    }

    @Test
    void layoutIsTwoSpaceIndentKeysInInsertionOrderAndATrailingNewline() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", 1);
        value.put("a", List.of(0.5, "x"));
        value.put("empty", List.of());
        value.put("none", Map.of());
        assertEquals("{\n  \"z\": 1,\n  \"a\": [\n    0.5,\n    \"x\"\n  ],\n  \"empty\": [],\n  \"none\": {}\n}\n",
                JsonFiles.write(value));
    }

    @Test
    void nonFiniteDoublesAreWrittenAsNullNeverAsNaNTokens() throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("boxed", Double.NaN);
        value.put("array", new double[] {1.5, Double.POSITIVE_INFINITY});
        value.put("list", List.of(Double.NEGATIVE_INFINITY));
        value.put("float", Float.NaN);
        value.put("tree", JsonFiles.mapper().createObjectNode().put("x", Double.NaN));

        String text = JsonFiles.write(value);

        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        JsonNode back = JsonFiles.mapper().readTree(text);
        assertTrue(back.get("boxed").isNull() && back.get("array").get(1).isNull() && back.get("list").get(0).isNull()
                && back.get("float").isNull() && back.get("tree").get("x").isNull(), text);
        assertEquals(1.5, back.get("array").get(0).doubleValue());
    }

    @Test
    void readingIsStrictAndProblemsAreOneLineWithLineAndColumn() throws IOException {
        Path file = fs.getPath("/bad.json");
        for (String bad : List.of("{\"a\": NaN}", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1, // note\n}", "{\"a\": [1, 2,]}",
                "{\"a\":")) {
            Files.writeString(file, bad);
            IOException e = assertThrows(IOException.class, () -> JsonFiles.readTree(file), bad);
            String problem = JsonFiles.problem(e);
            assertTrue(problem.startsWith("not valid JSON (line "), bad + " -> " + problem);
            assertFalse(problem.contains("\n"), problem);
        }
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        Path file = fs.getPath("/empty.json");
        Files.writeString(file, "");
        IOException e = assertThrows(IOException.class, () -> JsonFiles.readTree(file));
        assertEquals("the file is empty, expected JSON", JsonFiles.problem(e));
    }
}
