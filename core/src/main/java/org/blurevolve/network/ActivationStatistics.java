package org.blurevolve.network;

/**
 * Where activation normalisation takes its mean and variance from (docs/model.md §5).
 * <ul>
 *   <li>{@link #BATCH}: every step uses the statistics of its own batch, query steps included
 *       (transductive: a prediction depends on the other samples of its query batch).</li>
 *   <li>{@link #SUPPORT}: learning steps use their batch's statistics; the forward pass of a
 *       forward-only step uses the exact averages of the learning steps' forward statistics since the
 *       synapses were loaded (inductive: a prediction depends on its own input only).</li>
 * </ul>
 */
public enum ActivationStatistics { BATCH, SUPPORT }
