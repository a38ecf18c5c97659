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

    /**
     * blur eval applies the experiment's fitness.synapse-limit to genomes: a rule whose weights grow
     * ×1.5 a step (hidden from its predictions by activation normalisation) is finite at 12 steps but
     * counted as diverged there under a limit of 10.
     */
    @Test
    void evalCountsRunawaySynapsesAsDivergedUnderTheConfsLimit() throws Exception {
        GenomeLayout layout = new GenomeLayout(2, 1,
                List.of(org.blurevolve.genome.OptionalScalar.NORM_GAIN, org.blurevolve.genome.OptionalScalar.NORM_SHIFT));
        double[] genes = Genome.random(layout, 4).genes();
        genes[18] = 1.5;
        genes[19] = 0.01;
        Path genome = dir.resolve("growing.json");
        GenomeFile.writeGenome(genome, new GenomeFile.Entry(new Genome(layout, genes), Map.of()));
        assertEquals(List.of("0", "0"), divergedAt12(genome, 0), "no limit: NaN/Inf only, and there are none");
        assertEquals(List.of("2", "2"), divergedAt12(genome, 10), "limit 10: both replicas diverged at 12 steps");
    }

    /** The diverged counts of the genome's rows at 12 steps (query batch 32, then 1) under {@code limit}. */
    private List<String> divergedAt12(Path genome, double limit) throws Exception {
        Path conf = dir.resolve("limit-" + limit + ".conf");
        Files.writeString(conf, "blur { seed = 3, network { k = 2, hidden = [12], stabilizers.activation-normalization = true },"
                + " inner-loop { batch = 32, query-batches = 2 }, fitness.synapse-limit = " + limit + " }");
        Path out = dir.resolve("out-" + limit);
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            code = BlurCli.run("eval", conf.toString(), "--genome", genome.toString(), "--task", "and",
                    "--steps", "12", "--replicas", "2", "--no-baselines", "--query-batch", "1", "--out", out.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        return Files.readAllLines(out.resolve("results.csv")).stream()
                .filter(l -> l.startsWith("and,12,") && (l.contains(",qb=32,") || l.contains(",qb=1,")))
                .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
    }
}
