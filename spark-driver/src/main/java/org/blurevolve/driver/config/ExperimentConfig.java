package org.blurevolve.driver.config;

import java.nio.file.Path;
import java.util.List;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.network.NetworkSpec;

/**
 * A validated experiment: everything a run needs, read from an experiment file over
 * {@code reference.conf}. Immutable. {@link #resolvedText} is the full resolved HOCON, saved with
 * every run and shipped to executors, which rebuild the same experiment from it.
 *
 * @param source       the experiment file (or "(inline)")
 * @param name         run name, the run folder's name
 * @param seed         the run seed every other seed derives from
 * @param outputDir    parent of the run folder
 * @param dataRoot     parent of dataset folders
 * @param network      the network spec; its first and last sizes are placeholders the tasks replace
 * @param perLayer     one genome block per synapse layer instead of one shared block
 * @param geneMin      lower gene bound
 * @param geneMax      upper gene bound
 * @param unroll       inner-loop settings
 * @param metric       fitness metric
 * @param metaTrain    tasks evolution scores on
 * @param metaTest     held-out tasks scored every few generations
 * @param evolution    outer-loop settings
 * @param termination  stopping rules
 * @param defaultMaster Spark master when none is given
 * @param partitionsPerCore partitions per core per generation
 * @param checkpointEvery   checkpoint period in generations
 * @param checkpointKeep    checkpoints kept
 * @param resolvedText the resolved HOCON text of the whole {@code blur} section
 */
public record ExperimentConfig(String source, String name, long seed, Path outputDir, Path dataRoot,
                               NetworkSpec network, boolean perLayer, double geneMin, double geneMax,
                               UnrollSettings unroll, FitnessMetric metric, List<TaskConfig> metaTrain,
                               List<TaskConfig> metaTest, EvolutionSettings evolution, Termination termination,
                               String defaultMaster, int partitionsPerCore, int checkpointEvery, int checkpointKeep,
                               String resolvedText) {
    public ExperimentConfig {
        metaTrain = List.copyOf(metaTrain);
        metaTest = List.copyOf(metaTest);
    }

    /** The run folder: {@code <output-dir>/<name>}. */
    public Path runDir() {
        return outputDir.resolve(name);
    }
}
