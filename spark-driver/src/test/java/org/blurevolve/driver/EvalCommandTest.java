package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `blur eval` end to end on a synthetic task: genome rows, tuned baselines, ranking, files. */
class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void evalScoresGenomesAndTunedOptimisersAndRanksAPopulation() throws Exception {
        Path conf = dir.resolve("e.conf");
        Files.writeString(conf, "blur { seed = 3, network { k = 2, hidden = [12] }, "
                + "inner-loop { batch = 32, query-batches = 2 } }");
        Path population = dir.resolve("pop.json");
        GenomeFile.writePopulation(population, List.of(
                new GenomeFile.Entry(Genome.random(GenomeLayout.shared(2), 1), Map.of()),
                new GenomeFile.Entry(Genome.random(GenomeLayout.shared(2), 2), Map.of())));
        Path out = dir.resolve("out");
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            code = BlurCli.run("eval", conf.toString(), "--genome", population.toString(), "--task", "and",
                    "--steps", "4,12", "--replicas", "2", "--out", out.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 2 * 3 * (2 + 6), csv.size(),
                "header + 2 step counts × 3 query modes × (2 genomes + 3 optimisers with and without batch norm)");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("and,12,adam,lr=") && l.contains(",qb=1,")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("and,12,adam+bn(batch),lr=") && l.contains(",qb=32 class-sorted,")),
                csv.toString());
        double adam12 = csv.stream().filter(l -> l.startsWith("and,12,adam,") && l.contains(",qb=32,"))
                .mapToDouble(l -> Double.parseDouble(l.split(",")[5])).findFirst().orElseThrow();
        assertTrue(adam12 > 0.8, "tuned Adam learns AND in 12 steps: " + adam12);
        List<String> genomeRows = csv.stream().filter(l -> l.startsWith("and,4,genome") && l.contains(",qb=32,")).toList();
        assertTrue(Double.parseDouble(genomeRows.get(0).split(",")[5]) >= Double.parseDouble(genomeRows.get(1).split(",")[5]),
                "population ranked best first: " + genomeRows);
        assertTrue(Files.readString(out.resolve("results.md")).contains("| and | 12 | adam | lr="));
        assertTrue(Files.size(out.resolve("curve-and.png")) > 1000);
    }
}
