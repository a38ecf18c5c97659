package org.blurevolve.genome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenomeFileTest {
    @TempDir
    Path dir;

    @Test
    void genomeAndPopulationFilesRoundTripExactlyWithProvenance() throws Exception {
        Genome g = Genome.random(new GenomeLayout(2, 2, List.of(OptionalScalar.OJA)), 4);
        Path file = dir.resolve("g.json");
        GenomeFile.writeGenome(file, new GenomeFile.Entry(g, Map.of("run", "r1", "fitness", 0.5)));
        GenomeFile.Entry back = GenomeFile.read(file).get(0);
        assertEquals(g, back.genome(), "bit-exact genes");
        assertEquals("r1", back.provenance().get("run"));
        GenomeFile.writePopulation(dir.resolve("p.json"), List.of(back, back));
        assertEquals(2, GenomeFile.read(dir.resolve("p.json")).size());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "results are readable by others");
    }

    @Test
    void shippedGenomeFilesLoad() {
        for (String name : List.of("backprop-k2.json", "paper-es-mnist14-per-layer.json", "paper-es-mnist14-shared.json",
                "paper-es-mnist14-actnorm.json")) {
            Genome g = GenomeFile.read(Path.of("../conf/genomes", name)).get(0).genome();
            assertEquals(2, g.k(), name);
        }
        assertEquals(Genome.backprop(-0.001), GenomeFile.read(Path.of("../conf/genomes/backprop-k2.json")).get(0).genome());
    }

    @Test
    void wrongLengthNamesTheFileTheKeyAndTheLength() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\": \"blur-genome\", \"version\": 1, \"k\": 4, \"genes\": [1, 2]}");
        GenomeFormatException e = assertThrows(GenomeFormatException.class, () -> GenomeFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": genes: genome has 2 genes, expected 68 = 1 block(s)"), e.getMessage());
    }
}
