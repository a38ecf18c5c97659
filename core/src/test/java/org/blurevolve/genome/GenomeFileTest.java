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
    private static final String HEAD = "{\"format\": \"blur-genome\", \"version\": 1, ";
    private static final String GENES_20 = "\"genes\": [" + "0.5, ".repeat(19) + "0.5]";

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

    @Test
    void scalarsThatAreNotAListOfStringsAreRejected() throws Exception {
        assertRejected(HEAD + "\"k\": 2, \"scalars\": \"oja\", " + GENES_20 + "}",
                "scalars = \"oja\", expected a list of strings");
        assertRejected(HEAD + "\"k\": 2, \"scalars\": [\"oja\", 3], " + GENES_20 + "}",
                "scalars[1] = 3, expected a string, one of oja, saturation, rescale, norm_gain, norm_shift");
        assertRejected(HEAD + "\"k\": 2, \"scalars\": [\"ojah\"], " + GENES_20 + "}",
                "scalars: unknown scalar 'ojah', expected one of oja");
    }

    @Test
    void provenanceThatIsNotAnObjectIsRejected() throws Exception {
        assertRejected(HEAD + "\"k\": 2, " + GENES_20 + ", \"provenance\": [\"run\", \"r1\"]}",
                "provenance = [\"run\",\"r1\"], expected an object");
        assertRejected(HEAD + "\"k\": 2, " + GENES_20 + ", \"provenance\": {\"fitness\": null}}",
                "provenance.fitness = null; give it a value or remove the key");
    }

    @Test
    void genesThatAreNotNumbersAreRejected() throws Exception {
        assertRejected(HEAD + "\"k\": 2, \"genes\": [0.5, \"0.5\"" + ", 0.5".repeat(18) + "]}",
                "genes: gene 1 is 0.5 (a string); genes must be finite numbers");
        assertRejected(HEAD + "\"k\": 2, \"genes\": [0.5, null" + ", 0.5".repeat(18) + "]}",
                "genes: gene 1 is null; genes must be finite numbers");
        assertRejected(HEAD + "\"k\": 2, \"genes\": \"0.5, 0.5\"}", "genes = \"0.5, 0.5\", expected a list of numbers");
        assertRejected(HEAD + "\"k\": 2}", "genes: missing, expected a list of numbers");
    }

    @Test
    void numbersBeyondTheDoubleRangeAreErrorsNotInfinity() throws Exception {
        assertRejected(HEAD + "\"k\": 2, \"genes\": [" + "0.5, ".repeat(7) + "1e999" + ", 0.5".repeat(12) + "]}",
                "genes: gene 7 is too large for a double");
        assertRejected(HEAD + "\"k\": 2, \"genes\": [-1" + "0".repeat(400) + ", 0.5".repeat(19) + "]}",
                "genes: gene 0 is too large for a double");
    }

    @Test
    void anEmptyPopulationIsRejected() throws Exception {
        assertRejected("{\"format\": \"blur-population\", \"version\": 1, \"genomes\": []}",
                "genomes: the population holds no genomes");
        assertThrows(IllegalArgumentException.class, () -> GenomeFile.writePopulation(dir.resolve("p.json"), List.of()));
    }

    @Test
    void populationProblemsNameTheGenomeIndex() throws Exception {
        String ok = "{" + "\"k\": 2, " + GENES_20 + "}";
        assertRejected("{\"format\": \"blur-population\", \"version\": 1, \"genomes\": [" + ok + ", {\"k\": \"two\"}]}",
                "genomes[1].k = \"two\", expected an integer");
        assertRejected("{\"format\": \"blur-population\", \"version\": 1, \"genomes\": [" + ok + ", 7]}",
                "genomes[1] = 7, expected a genome object");
        assertRejected("{\"format\": \"blur-population\", \"version\": 1}", "genomes: missing");
        assertRejected("{\"format\": \"blur-population\", \"version\": 1, \"genomes\": {}}",
                "genomes = {}, expected a list of genome objects");
    }

    @Test
    void headerProblemsNameTheKey() throws Exception {
        assertRejected("{\"version\": 1, \"k\": 2, " + GENES_20 + "}", "format: missing, expected a string");
        assertRejected("{\"format\": 1, \"version\": 1}", "format = 1, expected a string");
        assertRejected("{\"format\": \"onnx\", \"version\": 1}", "format = \"onnx\", expected \"blur-genome\"");
        assertRejected("{\"format\": \"blur-genome\", \"version\": 1.5}", "version = 1.5, expected an integer");
        assertRejected("{\"format\": \"blur-genome\", \"version\": 2}", "version = 2, this program reads versions 1..1");
        assertRejected(HEAD + "\"k\": 2.5, " + GENES_20 + "}", "k = 2.5, expected an integer");
        assertRejected(HEAD + GENES_20 + "}", "k: missing, expected an integer");
        assertRejected(HEAD + "\"k\": 2, \"blocks\": 99999999999, " + GENES_20 + "}", "blocks = 99999999999, expected an integer");
        assertRejected(HEAD + "\"k\": 1, " + GENES_20 + "}", "k/blocks/scalars: ");
    }

    @Test
    void malformedJsonAndMissingFilesNameTheFile() throws Exception {
        assertRejected("{\"format\": \"blur-genome\", \"version\": 1, \"k\": ", "not valid JSON (line 1, column ");
        assertRejected("[1, 2]", "(top level) = [1,2], expected a JSON object");
        assertRejected("", "the file is empty");
        Path gone = dir.resolve("gone.json");
        assertEquals(gone + ": file not found",
                assertThrows(GenomeFormatException.class, () -> GenomeFile.read(gone)).getMessage());
    }

    @Test
    void optionalKeysMayBeNullAsTheyAlwaysCouldBe() throws Exception {
        Path file = dir.resolve("nulls.json");
        Files.writeString(file, HEAD + "\"k\": 2, \"blocks\": null, \"scalars\": null, " + GENES_20 + ", \"provenance\": null}");
        GenomeFile.Entry e = GenomeFile.read(file).get(0);
        assertEquals(GenomeLayout.shared(2), e.genome().layout());
        assertEquals(Map.of(), e.provenance());
    }

    private void assertRejected(String json, String expectedAfterFileName) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        GenomeFormatException e = assertThrows(GenomeFormatException.class, () -> GenomeFile.read(file), json);
        assertTrue(e.getMessage().startsWith(file + ": " + expectedAfterFileName),
                "expected «" + file + ": " + expectedAfterFileName + "…», got: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
