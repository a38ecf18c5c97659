package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.driver.config.ExperimentException;
import org.blurevolve.driver.config.ExperimentLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad experiment files: each problem names the file, the key, the value and the fix; all are reported together. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private ExperimentException load(String body) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, body);
        return assertThrows(ExperimentException.class, () -> ExperimentLoader.load(conf, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax error          | blur { name = x                          | fix the HOCON syntax",
        "unknown key           | blur { evolution.populaton = 8 }         | evolution.populaton: unknown key",
        "unknown top level     | name = x                                 | name: unknown top-level key",
        "wrong type            | blur { evolution.population = many }     | evolution.population = \"many\": expected a whole number",
        "population too small  | blur { evolution.population = 1 }        | evolution.population = 1: must be in 2..",
        "K too small           | blur { network.k = 1 }                   | network.k = 1: must be in 2..64",
        "bad enum              | blur { network.backward-mode = sideways }| network.backward-mode = \"sideways\": use one of [additive, multiplicative, mult_second_state]",
        "bad activation        | blur { network.forward-activation = swish }| network.forward-activation = \"swish\"",
        "activation list size  | blur { network.forward-activation = [tanh, relu, relu] }| give one activation or exactly K = 2",
        "unknown family        | blur { tasks.meta-train = [{family = spiral}] }| tasks.meta-train[0]: family = spiral: unknown; known: [xor, ",
        "empty tasks           | blur { tasks.meta-train = [] }           | tasks.meta-train = []: list at least one task",
        "family and dataset    | blur { tasks.meta-train = [{family = xor, dataset = mnist}] }| set exactly one of family",
        "bad side              | blur { tasks.meta-train = [{dataset = mnist, side = 40}] }| side = 40: must be in 1..28",
        "gene range            | blur { genome { gene-min = 2, gene-max = 1 } }| genome: gene-min = 2.0, gene-max = 1.0: need finite bounds with gene-min < gene-max",
        "no termination        | blur { termination.generations = 0 }     | termination: every limit is off; set at least one",
        "elites vs population  | blur { evolution { population = 4, elites = 4 } }| evolution.elites = 4: must be below",
        "missing genome file   | blur { evolution.initial-population.files = [nope.json] }| evolution.initial-population.files = \"nope.json\": file not found",
        "backprop needs K 2    | blur { network.k = 4, evolution.initial-population.backprop-rate = 0.1 }| K = 2 only",
        "rescale without norm  | blur { network.stabilizers.rescale = true }| rescale needs normalization",
        "bad run name          | blur { name = \"a/b\" }                  | name = \"a/b\": use 1 to 100 letters",
        "bad statistics mode   | blur { network.stabilizers { activation-normalization = true, activation-normalization-statistics = running } }| network.stabilizers.activation-normalization-statistics = \"running\": use one of [batch, support]",
        "support without norm  | blur { network.stabilizers.activation-normalization-statistics = support }| network.stabilizers.activation-normalization-statistics = support: needs network.stabilizers.activation-normalization = true",
        "horizons vs steps     | blur { fitness.horizons = [5, 20] }     | fitness.horizons = [5, 20]: the longest horizon must equal inner-loop.learning-steps = 10",
        "horizons not ascending| blur { inner-loop.learning-steps = 5, fitness.horizons = [20, 5] }| must be strictly ascending",
        "bad aggregate         | blur { fitness.aggregate = median }      | fitness.aggregate = \"median\": use one of [mean, min]",
        "negative synapse limit| blur { fitness.synapse-limit = -1 }      | fitness.synapse-limit = -1",
        "curriculum growth     | blur { fitness.curriculum.growth = 0.5 } | fitness.curriculum.growth = 0.5: must be in [1.0",
        "projection below 1    | blur { fitness { synapse-limit = 10, synapse-limit-projection = 0.5 } }| fitness.synapse-limit-projection = 0.5: must be 0 (off) or a factor > 1",
        "projection, no limit  | blur { fitness.synapse-limit-projection = 5 }| fitness.synapse-limit-projection = 5.0: needs fitness.synapse-limit > 0",
        "projection as a word  | blur { fitness { synapse-limit = 10, synapse-limit-projection = far } }| fitness.synapse-limit-projection = \"far\"",
        "query batch divides   | blur { inner-loop { batch = 8, query-batches = 2, query-batch = 3 } }| query batch = 3 must divide query batches × batch = 16",
        "query batch kept state| blur { network.zero-neurons = false, inner-loop.query-batch = 1 }| inner-loop.query-batch = 1: must equal inner-loop.batch = 128 when network.zero-neurons = false",
        "test split in meta-test| blur { tasks.meta-test = [{dataset = mnist, side = 14, query = test}] }| tasks.meta-test[0].query = test: evolution reads validation splits only",
        "gradient horizons end | blur { evolution { strategy = gradient, gradient.horizons = [5, 20] } }| evolution.gradient.horizons = [5, 20]: the last horizon must equal the curriculum's largest T = 50",
        "gradient horizons order| blur { evolution { strategy = gradient, gradient.horizons = [20, 5, 50] } }| evolution.gradient.horizons = [20, 5, 50]: must be ascending",
        "output switch w/o norm| blur { network.stabilizers.normalize-output = false }| network.stabilizers.normalize-output = false: needs network.stabilizers.activation-normalization = true",
    })
    void eachMistakeGetsAClearMessage(String what, String body, String expected) throws Exception {
        ExperimentException e = load(body);
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("bad.conf"), "names the file: " + e.getMessage());
    }

    @Test
    void allProblemsAreReportedTogether() throws Exception {
        ExperimentException e = load("blur { network.k = 0, evolution.population = 0, inner-loop.batch = -1 }");
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void commandLinePrintsTheProblemWithoutAStackTraceAndExitsWithTwo() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "blur { evolution.population = 1 }");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            code = BlurCli.run("evolve", conf.toString(), "--in-process");
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        String text = err.toString();
        assertTrue(text.startsWith("error: " + conf + ": evolution.population = 1"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void activationStatisticsAndOutputSwitchReachTheNetwork() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "blur { network.stabilizers { activation-normalization = true,"
                + " activation-normalization-statistics = support, normalize-output = false } }");
        var st = ExperimentLoader.load(conf, List.of()).network().stabilizers();
        assertEquals(org.blurevolve.network.ActivationStatistics.SUPPORT, st.activationStatistics());
        assertEquals(false, st.normalizeOutput());
        Files.writeString(conf, "blur { network.stabilizers.activation-normalization = true }");
        var defaults = ExperimentLoader.load(conf, List.of()).network().stabilizers();
        assertEquals(org.blurevolve.network.ActivationStatistics.BATCH, defaults.activationStatistics());
        assertEquals(true, defaults.normalizeOutput());
    }

    @Test
    void floatElementwisePrecisionReachesThePlanAndDefaultsToFloat() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "blur { inner-loop.precision = float-elementwise }");
        assertEquals(org.blurevolve.network.Precision.FLOAT_ELEMENTWISE,
                ExperimentLoader.load(conf, List.of()).plan().unroll().precision());
        Files.writeString(conf, "blur { name = ok }");
        assertEquals(org.blurevolve.network.Precision.FLOAT,
                ExperimentLoader.load(conf, List.of()).plan().unroll().precision());
    }

    @Test
    void horizonsQueryModeAndCurriculumReachThePlan() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "blur { inner-loop { learning-steps = 50, batch = 16, query-batches = 2, query-batch = 1,"
                + " query-order = class_sorted }, fitness { horizons = [5, 50], aggregate = min,"
                + " curriculum { start = 10, growth = 3, every = 2 }, synapse-limit = 100, synapse-limit-projection = 5 } }");
        var plan = ExperimentLoader.load(conf, List.of()).plan();
        assertEquals(100, plan.unroll().synapseLimit());
        assertEquals(5, plan.unroll().synapseLimitProjection());
        assertEquals(5, plan.unroll(org.blurevolve.fitness.TaskSet.META_TRAIN, 1).synapseLimitProjection(),
                "the curriculum's horizons keep the projection");
        assertEquals(List.of(5, 50), plan.unroll().horizons());
        assertEquals(org.blurevolve.fitness.HorizonAggregate.MIN, plan.unroll().aggregate());
        assertEquals(new org.blurevolve.fitness.QueryMode(1, true), plan.unroll().query());
        assertEquals(List.of(5, 10), plan.unroll(org.blurevolve.fitness.TaskSet.META_TRAIN, 1).horizons());
        assertEquals(List.of(5, 30), plan.unroll(org.blurevolve.fitness.TaskSet.META_TRAIN, 2).horizons());
        assertEquals(List.of(5, 50), plan.unroll(org.blurevolve.fitness.TaskSet.META_TEST, 1).horizons());
    }

    @Test
    void overridesApplyAndBadOverridesAreReported() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "blur { name = ok }");
        assertEquals(7, ExperimentLoader.load(conf, List.of("evolution.population=7")).strategy().population());
        ExperimentException e = assertThrows(ExperimentException.class, () -> ExperimentLoader.load(conf, List.of("population")));
        assertTrue(e.getMessage().contains("--set population: expected key=value"), e.getMessage());
    }
}
