package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels of the float path give their scalar kernels' bits (float raw bits, NaN payloads
 * included), in double arithmetic (FLOAT) and in float arithmetic (FLOAT_ELEMENTWISE), on every activation, with and without normalisation, on special values and on row widths
 * and ranges that do not fill whole vectors; and a JVM without the module runs the scalar kernel and
 * computes the same network outputs. The rounds are many enough that the vector loops run C2-compiled
 * (intrinsics), not only interpreted.
 */
class StateSweepTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc01234),
        Float.intBitsToFloat(0x7f800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
        -Float.MAX_VALUE, 3e37f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40f, -1e-30f, 9f, -9f,
        Math.nextUp(9f), Math.nextDown(9f), Math.nextUp(-9f), Math.nextDown(-9f), Math.nextUp(0f),
        Math.nextDown(0f), 1f, -1f};

    @Test
    void vectorKernelGivesTheScalarKernelsBits() {
        assertVectorGivesScalarBits(false);
    }

    @Test
    void floatArithmeticVectorKernelGivesTheScalarFloatKernelsBits() {
        assertVectorGivesScalarBits(true);
    }

    private static void assertVectorGivesScalarBits(boolean floatArithmetic) {
        assertTrue(StateSweep.VECTOR_API, "the test JVM needs --add-modules=jdk.incubator.vector (surefire argLine)");
        SplittableRandom r = new SplittableRandom(floatArithmetic ? 17 : 13);
        for (int round = 0; round < 20000; round++) {
            int ld = 2 + r.nextInt(70);
            int rows = 1 + r.nextInt(9);
            int skip = r.nextInt(3);
            float[] z = values(r, (rows + skip + 1) * ld);
            // ordinary bias values: the scalar kernel passes the bias through double and back, which would
            // quiet a signalling NaN that the vector kernel leaves alone (the network's bias is always 1)
            for (int at = ld - 1; at < z.length; at += ld) {
                z[at] = (float) r.nextDouble(-2, 2);
            }
            Activation f = Activation.values()[round % Activation.values().length];
            boolean normalise = r.nextBoolean();
            assertSameBits(floatArithmetic, f, z, skip * ld, (skip + rows) * ld, ld,
                    normalise ? columnStatistics(r, ld - 1) : null, "round " + round);
        }
    }

    @Test
    void aJvmWithoutTheVectorModuleRunsTheScalarKernelWithTheSameOutputs() throws Exception {
        assertTrue(StateSweep.VECTOR_API, "the test JVM needs --add-modules=jdk.incubator.vector (surefire argLine)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FloatNetworkBits.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.lines().anyMatch("VECTOR_API false"::equals), out);
        String line = out.lines().filter(l -> l.startsWith("BITS ")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals("BITS " + FloatNetworkBits.outputBits(), line);
    }

    private static void assertSameBits(boolean floatArithmetic, Activation f, float[] z, int from, int to, int ld,
            double[][] stats, String what) {
        float[] scalar = z.clone();
        float[] vector = z.clone();
        int rows = z.length / ld;
        run(floatArithmetic ? new FloatStateSweep(rows, ld) : new ScalarStateSweep(z.length), f, scalar, from, to, ld,
                stats);
        run(floatArithmetic ? VectorFloatStateSweep.create(rows, ld) : VectorStateSweep.create(rows, ld), f, vector,
                from, to, ld, stats);
        for (int i = 0; i < z.length; i++) {
            int s = Float.floatToRawIntBits(scalar[i]);
            int v = Float.floatToRawIntBits(vector[i]);
            if (s != v) {
                throw new AssertionError(String.format("%s%s: %s, %s, ld %d, position %d of [%d, %d): input %s"
                        + " gives scalar %s (%08x), vector %s (%08x)", floatArithmetic ? "float arithmetic, " : "", what, f, stats == null ? "plain" : "normalised",
                        ld, i, from, to, z[i], scalar[i], s, vector[i], v));
            }
        }
    }

    private static void run(StateSweep sweep, Activation f, float[] z, int from, int to, int ld, double[][] stats) {
        if (stats == null) {
            sweep.activate(f, z, from, to, ld);
        } else {
            sweep.normalizeAndActivate(f, z, from, to, ld, stats[0], stats[1], 3, stats[2][0]);
        }
    }

    /** Random floats over ±12 with about one special value in four. */
    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextDouble(-12, 12);
        }
        return v;
    }

    /**
     * mean, scale (from column 3 on) and shift: random, or the identity map so that special inputs and
     * the clamp boundaries reach σ unchanged, with the odd special value among them.
     */
    private static double[][] columnStatistics(SplittableRandom r, int width) {
        boolean identity = r.nextBoolean();
        double[] mean = new double[3 + width];
        double[] scale = new double[3 + width];
        for (int j = 3; j < mean.length; j++) {
            mean[j] = identity ? 0 : r.nextDouble(-2, 2);
            scale[j] = identity ? 1 : r.nextDouble(0.01, 5);
            if (r.nextInt(20) == 0) {
                mean[j] = SPECIAL[r.nextInt(SPECIAL.length)];
            }
        }
        return new double[][] {mean, scale, {identity ? 0 : r.nextDouble(-1, 1)}};
    }
}
