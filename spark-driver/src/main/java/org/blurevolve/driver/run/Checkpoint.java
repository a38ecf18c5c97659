package org.blurevolve.driver.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.evolution.HallOfFame;
import org.blurevolve.driver.evolution.ScoredGenome;
import org.blurevolve.driver.output.Provenance;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.genome.Genome;
import org.blurevolve.io.JsonFiles;

/**
 * Everything needed to continue a run after a finished generation exactly as if it had never
 * stopped: the counters, the last generation with every member's per-task results, the hall of fame,
 * the strategy's own state and the resolved experiment (plain JSON, read back with includes off).
 * Randomness needs no state: generation g draws from the run's seed streams at g. Stored as
 * versioned JSON ({@code checkpoints/checkpoint-000012.json}); a checkpoint of another format
 * version is refused with a message. Immutable.
 */
public record Checkpoint(RunState state, Generation last, List<HallOfFame.Entry> hallOfFame,
                         Map<String, Object> strategy, ExperimentConfig experiment) {
    public static final int VERSION = 2;
    private static final String FORMAT = "blur-checkpoint";

    public Checkpoint {
        hallOfFame = List.copyOf(hallOfFame);
        strategy = Map.copyOf(strategy);
    }

    /** The JSON tree of this checkpoint. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("provenance", Provenance.of(experiment).asMap(Map.of()));
        m.put("generation", state.generation());
        m.put("evaluations", state.evaluations());
        m.put("elapsedSeconds", state.elapsedSeconds());
        m.put("bestSoFar", finite(state.bestSoFar()));
        m.put("sinceGain", state.sinceGain());
        m.put("jobSeconds", last.jobSeconds());
        m.put("population", last.members().stream().map(Checkpoint::member).toList());
        m.put("hallOfFame", hallOfFame.stream().map(e -> Map.of("genes", e.genome().genes(), "fitness", e.fitness(),
                "generation", e.generation())).toList());
        m.put("strategy", strategy);
        m.put("experimentFile", experiment.source());
        m.put("experiment", experiment.resolved().atPath("blur").root().unwrapped());
        return m;
    }

    private static Map<String, Object> member(ScoredGenome m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("genes", m.genome().genes());
        out.put("born", m.born());
        out.put("fitness", finite(m.fitness()));
        out.put("perTask", m.score().perTask().stream().map(r -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("status", r.status().name());
            t.put("accuracy", finite(r.accuracy()));
            t.put("negCrossEntropy", finite(r.negCrossEntropy()));
            t.put("negL2", finite(r.negL2()));
            t.put("steps", r.steps());
            return t;
        }).toList());
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Reads a checkpoint; a file that is not a complete checkpoint of this version is a {@link BadInputException}. */
    public static Checkpoint read(Path file) {
        JsonNode root;
        try {
            root = JsonFiles.readTree(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a readable checkpoint (" + JsonFiles.problem(e) + ")");
        }
        Fields f = new Fields(file, root);
        if (!FORMAT.equals(f.text(root, "format"))) {
            throw f.bad("format", root.get("format"), "expected \"" + FORMAT + "\"");
        }
        long version = f.whole(root, "version");
        if (version != VERSION) {
            throw f.bad("version", root.get("version"), "this program reads checkpoint version " + VERSION
                    + "; continue the run with the blur-evolve that wrote it");
        }
        ExperimentConfig experiment = ExperimentLoader.fromResolvedJson(f.node(root, "experiment").toString(),
                file + " (stored experiment)").withSource(f.text(root, "experimentFile"));
        List<ScoredGenome> members = new ArrayList<>();
        for (JsonNode m : f.array(root, "population")) {
            List<FitnessResult> perTask = new ArrayList<>();
            for (JsonNode t : f.array(m, "perTask")) {
                perTask.add(new FitnessResult(f.status(t), f.number(t, "accuracy"), f.number(t, "negCrossEntropy"),
                        f.number(t, "negL2"), f.steps(t)));
            }
            members.add(ScoredGenome.of(f.genome(m, experiment.layout()), new GenomeScore(perTask), experiment.metric(),
                    f.whole(m, "born")));
        }
        List<HallOfFame.Entry> hall = new ArrayList<>();
        for (JsonNode h : f.array(root, "hallOfFame")) {
            hall.add(new HallOfFame.Entry(f.genome(h, experiment.layout()), f.number(h, "fitness"), f.whole(h, "generation")));
        }
        double best = f.number(root, "bestSoFar");
        RunState state = new RunState(f.whole(root, "generation"), f.whole(root, "evaluations"),
                Double.isNaN(best) ? Double.NEGATIVE_INFINITY : best, (int) f.whole(root, "sinceGain"),
                f.number(root, "elapsedSeconds"));
        JsonNode strategyNode = f.node(root, "strategy");
        if (!strategyNode.isObject()) {
            throw f.bad("strategy", strategyNode, "expected an object");
        }
        Map<String, Object> strategy = JsonFiles.mapper().convertValue(strategyNode, Map.class);
        try {
            Generation last = new Generation(state.generation(), members, f.number(root, "jobSeconds"), Faults.NONE);
            return new Checkpoint(state, last, hall, strategy, experiment);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }

    /** Typed reads of checkpoint fields, each failure naming the file and the key. */
    private record Fields(Path file, JsonNode root) {
        JsonNode node(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isMissingNode()) {
                throw new BadInputException(file + ": " + key + " is missing; the checkpoint is incomplete");
            }
            return n;
        }

        String text(JsonNode parent, String key) {
            JsonNode n = node(parent, key);
            if (!n.isTextual()) {
                throw bad(key, n, "expected a string");
            }
            return n.asText();
        }

        long whole(JsonNode parent, String key) {
            JsonNode n = node(parent, key);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw bad(key, n, "expected a whole number");
            }
            return n.asLong();
        }

        /** A number, NaN for null. */
        double number(JsonNode parent, String key) {
            JsonNode n = node(parent, key);
            if (n.isNull()) {
                return Double.NaN;
            }
            if (!n.isNumber()) {
                throw bad(key, n, "expected a number or null");
            }
            return n.asDouble();
        }

        Iterable<JsonNode> array(JsonNode parent, String key) {
            JsonNode n = node(parent, key);
            if (!n.isArray()) {
                throw bad(key, n, "expected a list");
            }
            return n;
        }

        /** The learning steps of a task result; 0 in checkpoints written before they were recorded. */
        int steps(JsonNode t) {
            if (!t.has("steps")) {
                return 0;
            }
            long steps = whole(t, "steps");
            if (steps < 0 || steps > Integer.MAX_VALUE) {
                throw bad("steps", t.get("steps"), "expected a whole number >= 0");
            }
            return (int) steps;
        }

        EvaluationStatus status(JsonNode t) {
            String s = text(t, "status");
            try {
                return EvaluationStatus.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw bad("status", t.get("status"), "expected one of " + List.of(EvaluationStatus.values()));
            }
        }

        Genome genome(JsonNode parent, org.blurevolve.genome.GenomeLayout layout) {
            List<Double> genes = new ArrayList<>();
            for (JsonNode g : array(parent, "genes")) {
                if (!g.isNumber()) {
                    throw bad("genes", g, "expected numbers");
                }
                genes.add(g.asDouble());
            }
            try {
                return new Genome(layout, genes.stream().mapToDouble(Double::doubleValue).toArray());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": genes: " + e.getMessage());
            }
        }

        BadInputException bad(String key, JsonNode value, String fix) {
            String v = value == null ? "(missing)" : value.toString();
            return new BadInputException(file + ": " + key + " = " + (v.length() > 60 ? v.substring(0, 57) + "..." : v)
                    + ": " + fix);
        }
    }
}
