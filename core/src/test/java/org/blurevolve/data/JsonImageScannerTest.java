package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonImageScannerTest {
    @Test
    void flatFloatArraysRecoverTheBytes() {
        StringBuilder sb = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < 2 * 784; i++) {
            sb.append(i > 0 ? "," : "").append(i == 5 ? "0.624" : i == 784 ? "1" : "0");
        }
        sb.append("]}");
        var images = JsonImageScanner.scan("t", sb.toString().getBytes(StandardCharsets.US_ASCII)).images();
        assertEquals(2, images.size());
        assertEquals(159, images.get(0)[5] & 0xff, "round(0.624·255) = 159");
        assertEquals(255, images.get(1)[0] & 0xff);
    }

    @Test
    void nestedIntegerArraysSkipEmptyEntries() {
        String img = "[" + "7,".repeat(783) + "255]";
        String json = "{\"data\":[" + img + ",[]," + img + ",[]]}";
        var result = JsonImageScanner.scan("t", json.getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, result.images().size());
        assertEquals(2, result.skippedEmpty());
        assertEquals(255, result.images().get(1)[783] & 0xff);
    }

    @Test
    void wrongSizesAndValuesAreReported() {
        String shortImg = "{\"data\":[[" + "1,".repeat(10) + "1]]}";
        assertTrue(assertThrows(DataFormatException.class,
                () -> JsonImageScanner.scan("c.json", shortImg.getBytes(StandardCharsets.US_ASCII)))
                .getMessage().contains("c.json: image 0 has 11 pixels"));
        String big = "{\"data\":[[" + "1,".repeat(783) + "300]]}";
        assertTrue(assertThrows(DataFormatException.class,
                () -> JsonImageScanner.scan("c.json", big.getBytes(StandardCharsets.US_ASCII)))
                .getMessage().contains("300"));
    }
}
