package org.blurevolve.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical fitness twice in one JVM and in a freshly started JVM. */
class DeterminismAcrossJvmsTest {
    @Test
    void sameSeedGivesBitIdenticalScoresInThisJvmAndInAnotherOne() throws Exception {
        String here = DeterminismProbe.scores();
        assertEquals(here, DeterminismProbe.scores(), "twice in a row in one JVM");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String line = out.lines().filter(l -> l.startsWith("SCORES ")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals("SCORES " + here, line);
    }
}
