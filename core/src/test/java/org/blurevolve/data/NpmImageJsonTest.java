package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpmImageJsonTest {
    @Test
    void flatFloatArraysRecoverTheBytes() {
        StringBuilder sb = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < 2 * 784; i++) {
            sb.append(i > 0 ? "," : "").append(i == 5 ? "0.624" : i == 784 ? "1" : i == 785 ? "0.2" : "0");
        }
        sb.append("]}");
        var images = read("t", sb.toString()).images();
        assertEquals(2, images.size());
        assertEquals(159, images.get(0)[5] & 0xff, "round(0.624·255) = 159");
        assertEquals(255, images.get(1)[0] & 0xff);
        assertEquals(51, images.get(1)[1] & 0xff, "round(0.2·255) = 51");
    }

    @Test
    void nestedIntegerArraysSkipEmptyEntries() {
        String img = "[" + "7,".repeat(783) + "255]";
        var result = read("t", "{\"data\":[" + img + ",[]," + img + ",[]]}");
        assertEquals(2, result.images().size());
        assertEquals(2, result.skippedEmpty());
        assertEquals(7, result.images().get(0)[0] & 0xff);
        assertEquals(255, result.images().get(1)[783] & 0xff);
    }

    @Test
    void otherTopLevelKeysAreIgnored() {
        String img = "[" + "1,".repeat(783) + "2]";
        var result = read("t", "{\"about\": {\"data\": [9]}, \"data\": [" + img + "], \"n\": [1, 2]}");
        assertEquals(1, result.images().size());
    }

    @Test
    void wrongSizesAndValuesAreReported() {
        assertProblem("{\"data\":[[" + "1,".repeat(10) + "1]]}", "c.json: image 0 has 11 pixels, expected 784");
        assertProblem("{\"data\":[[" + "1,".repeat(784) + "1]]}", "c.json: image 0 has 785 pixels, expected 784");
        assertProblem("{\"data\":[[" + "1,".repeat(783) + "300]]}", "c.json: image 0 has pixel value 300.0");
        assertProblem("{\"data\":[" + "0,".repeat(783) + "1.5]}", "c.json: image 0 has pixel value 1.5, expected a value in [0, 1]");
        assertProblem("{\"data\":[" + "0,".repeat(784) + "0]}", "c.json: 1 values left over after 1 images");
    }

    @Test
    void malformedOrMisshapenJsonIsReportedWithTheSource() {
        assertProblem("{\"data\":[[1, 2", "c.json: not valid JSON (line 1");
        assertProblem("{\"images\": []}", "c.json: no \"data\" list of images");
        assertProblem("[1, 2]", "c.json: expected a JSON object");
        assertProblem("{\"data\": 3}", "c.json: data is not a list");
        assertProblem("{\"data\":[[" + "1,".repeat(783) + "1], 5]}", "c.json: image 1 is 5, expected a list of 784 integers");
        assertProblem("{\"data\":[[" + "1,".repeat(783) + "\"x\"]]}", "c.json: image 0, pixel 783 is x, expected a number");
        assertProblem("{\"data\":[0, [1]]}", "c.json: image 0, pixel 1 is [, expected a number");
        assertProblem("{\"data\":[]} []", "c.json: unexpected content after the top-level object");
    }

    private static NpmImageJson.ClassImages read(String source, String json) {
        return NpmImageJson.read(source, json.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertProblem(String json, String expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read("c.json", json));
        assertTrue(e.getMessage().startsWith(expected), "expected «" + expected + "», got: " + e.getMessage());
    }
}
