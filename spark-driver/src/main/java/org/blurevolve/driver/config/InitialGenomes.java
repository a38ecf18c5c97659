package org.blurevolve.driver.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the first generation comes from (conf {@code evolution.initial-population}); the rest of
 * the population is random (stream INITIAL_GENOME).
 *
 * @param files        genome or population files, absolute
 * @param inline       flat gene vectors, every gene finite
 * @param backpropRate add the backprop genome (docs/model.md §6) with this η~; 0 = do not
 */
public record InitialGenomes(List<Path> files, List<double[]> inline, double backpropRate) {
    public InitialGenomes {
        files = List.copyOf(files);
        inline = inline.stream().map(double[]::clone).toList();
        for (double[] v : inline) {
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("an inline genome holds " + x + "; genes must be finite");
                }
            }
        }
        if (!Double.isFinite(backpropRate)) {
            throw new IllegalArgumentException("backprop-rate = " + backpropRate + ", must be finite");
        }
    }

    @Override
    public List<double[]> inline() {
        return inline.stream().map(double[]::clone).toList();
    }
}
