package org.blurevolve.driver.spark;

import org.blurevolve.genome.Genome;
import org.blurevolve.gradient.MetaGradientSettings;

/**
 * What goes to an executor for one slice of a meta-gradient: the genome, the meta-train task and
 * replica, the generation and meta-gradient step (which fix the seed) and how to take it. Immutable.
 */
public record GradientRequest(Genome genome, int task, int replica, long generation, int step,
                              MetaGradientSettings settings) {
}
