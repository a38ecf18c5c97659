package org.blurevolve.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.genome.Genome;
import org.blurevolve.io.JsonFiles;
import org.blurevolve.network.Activation;
import org.blurevolve.network.Feedback;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.task.SyntheticTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    @TempDir
    Path dir;

    @Test
    void npyHeaderAndPayloadFollowTheFormat() throws Exception {
        NpyWriter.write(dir.resolve("a.npy"), new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        byte[] raw = Files.readAllBytes(dir.resolve("a.npy"));
        assertEquals((byte) 0x93, raw[0]);
        assertEquals("NUMPY", new String(raw, 1, 5, StandardCharsets.US_ASCII));
        int headerLen = (raw[8] & 0xff) | (raw[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "header is padded to 64 bytes");
        String header = new String(raw, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), header);
        ByteBuffer data = ByteBuffer.wrap(raw, 10 + headerLen, 48).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6.0, data.getDouble(10 + headerLen + 40));
    }

    @Test
    void backpropGenomeTraceShowsLearningAndWritesEveryFile() throws Exception {
        NetworkSpec spec = NetworkSpec.backprop(List.of(2, 16, 2), Activation.TANH, Activation.TANH_DERIVATIVE,
                Feedback.ERROR);
        Trace.Result r = Trace.write(spec, Genome.backprop(-0.005), SyntheticTasks.make("and", 2, 0, 0),
                new UnrollSettings(30, 4, 64, 1, Precision.DOUBLE, 0), 11, dir);
        assertFalse(r.diverged());
        assertEquals(31, r.queryAccuracy().size());
        assertTrue(r.queryAccuracy().get(30) > r.queryAccuracy().get(0) + 0.1,
                "query accuracy rises under SGD: " + r.queryAccuracy());
        for (String f : List.of("F0_init.npy", "G0_init.npy", "F1_final.npy", "G1_final.npy", "x_step0.npy",
                "t_step29.npy", "xq_0.npy", "tq_3.npy", "trace.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonNode json = JsonFiles.readTree(dir.resolve("trace.json"));
        assertEquals(List.of("K", "sizes", "network", "genome", "steps", "batch", "queryBatches", "precision",
                "synapseLimit", "queryAccuracy", "diverged", "task", "seed"), fieldNames(json));
        assertEquals(List.of("forward-activation", "backward-activation", "output-activation", "synapse-activation",
                "backward-mode", "symmetry", "synapse-states", "feedback", "zero-neurons", "init-scale", "hebbian-inputs",
                "stabilizers"), fieldNames(json.get("network")));
        assertEquals(spec.feedback().name().toLowerCase(java.util.Locale.ROOT), json.get("network").get("feedback").asText());
        assertEquals(spec.zeroNeurons(), json.get("network").get("zero-neurons").booleanValue());
        assertEquals(spec.stabilizers().oja(), json.get("network").get("stabilizers").get("oja").booleanValue());
        assertEquals("batch", json.get("network").get("stabilizers").get("activation-normalization-statistics").asText());
        assertTrue(json.get("network").get("stabilizers").get("normalize-output").booleanValue());
        assertEquals("double", json.get("precision").asText());
        assertEquals(Genome.backprop(-0.005).genes().length, json.get("genome").get("genes").size());
        assertFalse(json.get("genome").get("per-layer").booleanValue());
        assertEquals(2, json.get("K").intValue());
        assertEquals("[2,16,2]", json.get("sizes").toString());
        assertEquals("symmetric", json.get("network").get("symmetry").asText());
        assertEquals(31, json.get("queryAccuracy").size());
        assertEquals(r.queryAccuracy().get(30), json.get("queryAccuracy").get(30).doubleValue(), 0.0);
        assertEquals(11, json.get("seed").longValue());
        byte[] f0 = Files.readAllBytes(dir.resolve("F0_init.npy"));
        String header = new String(f0, 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (3, 16, 2)"), header);
        assertArrayEquals(new byte[] {(byte) 0x93}, new byte[] {f0[0]});
    }

    @Test
    void traceRunsInTheUnrollsPrecision() throws Exception {
        NetworkSpec spec = NetworkSpec.backprop(List.of(2, 16, 2), Activation.TANH, Activation.TANH_DERIVATIVE,
                Feedback.ERROR);
        Path inDouble = dir.resolve("double");
        Path inFloat = dir.resolve("float");
        Trace.write(spec, Genome.backprop(-0.005), SyntheticTasks.make("and", 2, 0, 0),
                new UnrollSettings(10, 2, 64, 1, Precision.DOUBLE, 0), 5, inDouble);
        Trace.write(spec, Genome.backprop(-0.005), SyntheticTasks.make("and", 2, 0, 0),
                new UnrollSettings(10, 2, 64, 1, Precision.FLOAT, 0), 5, inFloat);
        assertEquals("float", JsonFiles.readTree(inFloat.resolve("trace.json")).get("precision").asText());
        double[] d = payload(inDouble.resolve("F0_final.npy"));
        double[] f = payload(inFloat.resolve("F0_final.npy"));
        double maxDiff = 0;
        for (int i = 0; i < d.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(d[i] - f[i]));
        }
        assertTrue(maxDiff > 0, "the float trace computed in float, not double");
        assertTrue(maxDiff < 1e-4, "float and double traces agree to 1e-4: " + maxDiff);
        assertArrayEquals(payload(inDouble.resolve("xq_1.npy")), payload(inFloat.resolve("xq_1.npy")), 0.0,
                "the same query batches");
    }

    /** The doubles of a .npy file written by NpyWriter. */
    private static double[] payload(Path npy) throws Exception {
        byte[] raw = Files.readAllBytes(npy);
        int headerLen = (raw[8] & 0xff) | (raw[9] & 0xff) << 8;
        ByteBuffer data = ByteBuffer.wrap(raw, 10 + headerLen, raw.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(raw.length - 10 - headerLen) / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getDouble();
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
