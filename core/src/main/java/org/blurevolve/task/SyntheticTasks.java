package org.blurevolve.task;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic task families of docs/model.md §9. {@link #make} builds one task of a family; families
 * with random parameters (circle, square, slice, cross, random_xor, blobs, random_table) draw them
 * from {@code drawSeed}, so draw 0, 1, 2, … are distinct, reproducible tasks.
 */
public final class SyntheticTasks {
    /** Every family name {@link #make} accepts. */
    public static final List<String> FAMILIES = List.of("xor", "nxor", "or", "and", "circle", "square", "slice",
            "cross", "triangle", "random_xor", "two_moons", "blobs", "circles", "parity", "majority", "random_table");

    private SyntheticTasks() {
    }

    /**
     * One task of a family.
     *
     * @param outputs  1 (±1 target) or 2 (one-hot ±1)
     * @param bits     input bits for the Boolean families (ignored otherwise)
     * @param drawSeed seed of the family's random parameters
     */
    public static PointTask make(String family, int outputs, int bits, long drawSeed) {
        SplittableRandom r = new SplittableRandom(drawSeed);
        String name = family + (FIXED.contains(family) ? "" : "#" + Long.toHexString(drawSeed & 0xffff));
        return switch (family) {
            case "xor" -> PointTask.uniformPlane(name, outputs, x -> x[0] * x[1] > 0 ? 1 : 0);
            case "nxor" -> PointTask.uniformPlane(name, outputs, x -> x[0] * x[1] < 0 ? 1 : 0);
            case "or" -> PointTask.uniformPlane(name, outputs, x -> x[0] > 0 || x[1] > 0 ? 1 : 0);
            case "and" -> PointTask.uniformPlane(name, outputs, x -> x[0] > 0 && x[1] > 0 ? 1 : 0);
            case "circle" -> circle(name, outputs, u(r, -1, 1), u(r, -1, 1), u(r, 0.2, 0.7));
            case "square" -> square(name, outputs, u(r, -1, 1), u(r, -1, 1), u(r, 0.2, 0.7), u(r, 0, Math.PI / 2));
            case "slice" -> slice(name, outputs, r);
            case "cross" -> cross(name, outputs, u(r, 0.1, 0.4));
            case "triangle" -> PointTask.uniformPlane(name, outputs,
                    x -> x[0] + x[1] < 1 && -x[0] + x[1] < 1 && x[1] > -0.5 ? 1 : 0);
            case "random_xor" -> randomXor(name, outputs, r);
            case "two_moons" -> twoMoons(name, outputs);
            case "blobs" -> blobs(name, outputs, 2 + r.nextInt(3), r);
            case "circles" -> circles(name, outputs);
            case "parity" -> PointTask.bits(name, bits, outputs, x -> {
                int neg = 0;
                for (double v : x) {
                    neg += v < 0 ? 1 : 0;
                }
                return neg % 2 == 0 ? 1 : 0;
            });
            case "majority" -> PointTask.bits(name, bits, outputs, x -> {
                double sum = 0;
                for (double v : x) {
                    sum += v;
                }
                return sum > 0 ? 1 : 0;
            });
            case "random_table" -> randomTable(name, outputs, bits, r);
            default -> throw new IllegalArgumentException("unknown task family '" + family + "'; known: " + FAMILIES);
        };
    }

    private static final List<String> FIXED = List.of("xor", "nxor", "or", "and", "triangle", "two_moons", "circles",
            "parity", "majority");

    /** Label +1 when ‖x − c‖ < r. */
    public static PointTask circle(String name, int outputs, double cx, double cy, double radius) {
        return PointTask.uniformPlane(name, outputs, x -> Math.hypot(x[0] - cx, x[1] - cy) < radius ? 1 : 0);
    }

    /** Label +1 when the Chebyshev distance to c is below s, measured before x is rotated by θ. */
    public static PointTask square(String name, int outputs, double cx, double cy, double side, double theta) {
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        return PointTask.uniformPlane(name, outputs, x -> {
            double dx = x[0] - cx;
            double dy = x[1] - cy;
            double rx = cos * dx + sin * dy;
            double ry = -sin * dx + cos * dy;
            return Math.max(Math.abs(rx), Math.abs(ry)) < side ? 1 : 0;
        });
    }

    private static PointTask slice(String name, int outputs, SplittableRandom r) {
        double a0 = u(r, -Math.PI, Math.PI);
        double a1 = a0 + u(r, Math.PI / 4, Math.PI);
        return PointTask.uniformPlane(name, outputs, x -> {
            double angle = Math.atan2(x[1], x[0]);
            return (angle >= a0 && angle <= a1) || (angle + 2 * Math.PI >= a0 && angle + 2 * Math.PI <= a1) ? 1 : 0;
        });
    }

    /** Label +1 when |x0| < w or |x1| < w. */
    public static PointTask cross(String name, int outputs, double w) {
        return PointTask.uniformPlane(name, outputs, x -> Math.abs(x[0]) < w || Math.abs(x[1]) < w ? 1 : 0);
    }

    private static PointTask randomXor(String name, int outputs, SplittableRandom r) {
        double a00 = u(r, -1, 1);
        double a01 = u(r, -1, 1);
        double a10 = u(r, -1, 1);
        double a11 = u(r, -1, 1);
        double c0 = u(r, -0.5, 0.5);
        double c1 = u(r, -0.5, 0.5);
        return PointTask.uniformPlane(name, outputs, x -> {
            double y0 = x[0] * a00 + x[1] * a10 + c0;
            double y1 = x[0] * a01 + x[1] * a11 + c1;
            return y0 * y1 > 0 ? 1 : 0;
        });
    }

    /** The usual two interleaved half circles with noise 0.1, rescaled into [−1,1]². */
    private static PointTask twoMoons(String name, int outputs) {
        return PointTask.generative(name, outputs, (rng, x) -> {
            int label = rng.nextBoolean() ? 1 : 0;
            double t = rng.nextDouble() * Math.PI;
            double px = label == 1 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 1 ? Math.sin(t) : 0.5 - Math.sin(t);
            px += 0.1 * gaussian(rng);
            py += 0.1 * gaussian(rng);
            x[0] = clamp((px - 0.5) / 1.6);
            x[1] = clamp((py - 0.25) / 1.0);
            return label;
        });
    }

    /** {@code count} Gaussian blobs (σ = 0.15) at random centres; blob i has label i mod 2. */
    private static PointTask blobs(String name, int outputs, int count, SplittableRandom r) {
        double[][] centres = new double[count][2];
        for (double[] c : centres) {
            c[0] = u(r, -0.7, 0.7);
            c[1] = u(r, -0.7, 0.7);
        }
        return PointTask.generative(name, outputs, (rng, x) -> {
            int blob = rng.nextInt(count);
            x[0] = clamp(centres[blob][0] + 0.15 * gaussian(rng));
            x[1] = clamp(centres[blob][1] + 0.15 * gaussian(rng));
            return blob % 2;
        });
    }

    /** Two concentric noisy circles of radius 0.9 and 0.45; the inner one is the positive class. */
    private static PointTask circles(String name, int outputs) {
        return PointTask.generative(name, outputs, (rng, x) -> {
            int label = rng.nextBoolean() ? 1 : 0;
            double radius = label == 1 ? 0.45 : 0.9;
            double angle = rng.nextDouble() * 2 * Math.PI;
            x[0] = clamp(radius * Math.cos(angle) + 0.04 * gaussian(rng));
            x[1] = clamp(radius * Math.sin(angle) + 0.04 * gaussian(rng));
            return label;
        });
    }

    private static PointTask randomTable(String name, int outputs, int bits, SplittableRandom r) {
        if (bits > 20) {
            throw new IllegalArgumentException("random_table needs bits <= 20, got " + bits);
        }
        boolean[] table = new boolean[1 << bits];
        for (int i = 0; i < table.length; i++) {
            table[i] = r.nextBoolean();
        }
        return PointTask.bits(name, bits, outputs, x -> {
            int index = 0;
            for (int i = 0; i < x.length; i++) {
                index = index * 2 + (x[i] > 0 ? 1 : 0);
            }
            return table[index] ? 1 : 0;
        });
    }

    private static double u(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
