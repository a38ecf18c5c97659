package org.blurevolve.driver.spark;

import org.blurevolve.gradient.GradientResult;

/** What comes back from an executor: the meta-gradient of one (task, replica) slice. Immutable. */
public record GradientReply(int task, int replica, GradientResult result) {
}
