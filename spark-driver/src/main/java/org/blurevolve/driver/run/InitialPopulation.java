package org.blurevolve.driver.run;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.InitialGenomes;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.GenomeLayout;

/**
 * The genomes an experiment names for its first generation: from genome and population files, inline
 * vectors and the backprop genome, each checked against the experiment's layout. Read before anything
 * starts, so a bad genome is reported before Spark starts or a run folder is made.
 */
public final class InitialPopulation {
    private InitialPopulation() {
    }

    /** The initial genomes in order (files, inline, backprop); every problem reported at once. */
    public static List<Genome> read(ExperimentConfig config) {
        InitialGenomes initial = config.initial();
        GenomeLayout layout = config.layout();
        List<Genome> genomes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var file : initial.files()) {
            try {
                for (GenomeFile.Entry e : GenomeFile.read(file)) {
                    if (e.genome().layout().equals(layout)) {
                        genomes.add(e.genome());
                    } else {
                        problems.add(file + ": genome layout " + e.genome().layout().describeLength()
                                + " does not match this experiment's " + layout.describeLength());
                    }
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        List<double[]> inline = initial.inline();
        for (int i = 0; i < inline.size(); i++) {
            if (inline.get(i).length == layout.length()) {
                genomes.add(new Genome(layout, inline.get(i)));
            } else {
                problems.add(config.source() + ": evolution.initial-population.genomes[" + i + "] has "
                        + inline.get(i).length + " genes, expected " + layout.describeLength());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        if (initial.backpropRate() != 0) {
            genomes.add(Genome.backprop(initial.backpropRate()).withLayout(layout));
        }
        return List.copyOf(genomes);
    }
}
