package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.Test;

/**
 * The experiments and genomes the repository ships are usable as they are: every experiment file in
 * conf/ loads and the genomes it names as its initial population read and fit it, and every genome in
 * conf/genomes/ fits the experiment its provenance names (a genome without one fits some experiment in
 * conf/). A conf or genome edited by hand, or a layout change, fails here rather than in a user's run.
 */
class ShippedConfsTest {
    private static final Path CONF = Path.of("..", "conf");

    private static List<Path> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyExperimentLoadsAndItsInitialGenomesFitIt() throws Exception {
        List<Path> confs = files(CONF, ".conf");
        assertTrue(confs.size() >= 10, "the shipped experiments: " + confs);
        for (Path conf : confs) {
            ExperimentConfig config = ExperimentLoader.load(conf, List.of());
            int named = 0;
            for (Path file : config.initial().files()) {
                named += GenomeFile.read(file).size();
            }
            assertEquals(named + (config.initial().backpropRate() != 0 ? 1 : 0) + config.initial().inline().size(),
                    InitialPopulation.read(config).size(), conf + ": every named initial genome is read");
        }
    }

    @Test
    void everyShippedGenomeFitsTheExperimentItWasMadeFor() throws Exception {
        List<ExperimentConfig> all = new ArrayList<>();
        for (Path conf : files(CONF, ".conf")) {
            all.add(ExperimentLoader.load(conf, List.of()));
        }
        List<Path> genomes = files(CONF.resolve("genomes"), ".json");
        assertFalse(genomes.isEmpty());
        for (Path file : genomes) {
            for (GenomeFile.Entry e : GenomeFile.read(file)) {
                Object experiment = e.provenance().get("experiment");
                if (experiment == null) {
                    assertTrue(all.stream().anyMatch(c -> c.layout().equals(e.genome().layout())),
                            file + " (no experiment in its provenance) fits none of the shipped experiments");
                    continue;
                }
                // e.g. "conf/paper-es-mnist14-per-layer.conf (extended to 800 generations ...)"
                Path conf = Path.of("..").resolve(experiment.toString().split(" ")[0]);
                assertTrue(Files.exists(conf), file + ": its provenance names " + experiment + ", not in the repository");
                assertEquals(ExperimentLoader.load(conf, List.of()).layout(), e.genome().layout(),
                        file + " fits " + conf);
            }
        }
    }
}
