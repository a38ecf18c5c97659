package org.blurevolve.genome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blurevolve.io.JsonFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by earlier versions stay loadable, bit-exact. The goldens in
 * {@code src/test/resources/org/blurevolve/genome/golden/}: {@code *-by-0.1.0.json} were written by
 * the hand-made JSON writer of blur-evolve 0.1.0 (inline arrays, sorted provenance) and
 * {@code genome-v1-by-0.1.0.bits} holds the raw bits of that genome's genes; the actnorm genome is
 * the shipped {@code conf/genomes/paper-es-mnist14-actnorm.json} as of its release (one value per
 * line, provenance in insertion order).
 */
class GenomeFileGoldenTest {
    @TempDir
    Path dir;

    @Test
    void aGenomeWrittenBy010LoadsBitExactWithItsProvenance() throws IOException {
        GenomeFile.Entry e = GenomeFile.read(golden("genome-v1-by-0.1.0.json")).get(0);

        assertEquals(new GenomeLayout(2, 2, List.of(OptionalScalar.OJA, OptionalScalar.NORM_GAIN)), e.genome().layout());
        double[] genes = e.genome().genes();
        List<Long> bits = bits("genome-v1-by-0.1.0.bits");
        assertEquals(bits.size(), genes.length);
        for (int i = 0; i < genes.length; i++) {
            assertEquals((long) bits.get(i), Double.doubleToRawLongBits(genes[i]), "gene " + i);
        }
        assertEquals(17, ((Number) e.provenance().get("generation")).longValue());
        assertEquals(0.8125, ((Number) e.provenance().get("fitness")).doubleValue());
        assertEquals(1e-300, ((Number) e.provenance().get("tiny")).doubleValue());
        assertEquals("golden \"v1\"", e.provenance().get("run"));
        assertEquals(false, e.provenance().get("converged"));
        assertEquals(List.of("mnist", "fashion-mnist"), e.provenance().get("tasks"));
        assertEquals(Map.of("population", 64, "sigma", 0.5), e.provenance().get("settings"));
    }

    @Test
    void rewritingA010GenomeGivesTheSameJsonValueWithSortedProvenance() throws IOException {
        Path original = golden("genome-v1-by-0.1.0.json");
        Path rewritten = dir.resolve("g.json");

        GenomeFile.writeGenome(rewritten, GenomeFile.read(original).get(0));

        JsonNode before = JsonFiles.readTree(original);
        JsonNode after = JsonFiles.readTree(rewritten);
        assertEquals(before, after, "same keys, same values");
        assertEquals(fieldNames(before), fieldNames(after), "same key order");
        assertEquals(fieldNames(before.get("provenance")), fieldNames(after.get("provenance")), "provenance sorted");
        assertEquals(GenomeFile.read(original), GenomeFile.read(rewritten));
    }

    @Test
    void aPopulationWrittenBy010Loads() throws IOException {
        List<GenomeFile.Entry> entries = GenomeFile.read(golden("population-v1-by-0.1.0.json"));
        assertEquals(2, entries.size());
        assertEquals(Genome.backprop(-0.001), entries.get(0).genome());
        assertEquals(Map.of("what", "backprop", "fitness", 0.5), entries.get(0).provenance());
        assertEquals(Map.of(), entries.get(1).provenance());

        Path rewritten = dir.resolve("p.json");
        GenomeFile.writePopulation(rewritten, entries);
        assertEquals(JsonFiles.readTree(golden("population-v1-by-0.1.0.json")), JsonFiles.readTree(rewritten));
    }

    @Test
    void theShippedActnormGenomeLoadsBitExact() throws IOException {
        GenomeFile.Entry e = GenomeFile.read(golden("paper-es-mnist14-actnorm.json")).get(0);
        assertEquals(new GenomeLayout(2, 2, List.of(OptionalScalar.NORM_GAIN, OptionalScalar.NORM_SHIFT)),
                e.genome().layout());
        assertEquals(Double.doubleToRawLongBits(2.29301313197238), Double.doubleToRawLongBits(e.genome().genes()[0]));
        assertEquals(Double.doubleToRawLongBits(-0.0071499914582058635),
                Double.doubleToRawLongBits(e.genome().genes()[41]));
        assertEquals(400, e.provenance().get("generation"));
        assertEquals(2021, e.provenance().get("seed"));
        assertEquals("paper-es-mnist14-actnorm", e.provenance().get("run"));
    }

    private Path golden(String name) throws IOException {
        Path file = dir.resolve("golden-" + name);
        try (InputStream in = getClass().getResourceAsStream("golden/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private List<Long> bits(String name) throws IOException {
        return Files.readAllLines(golden(name)).stream().map(Long::parseLong).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
