package org.blurevolve.genome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.blurevolve.io.AtomicFiles;
import org.blurevolve.io.JsonFiles;

/**
 * Genome and population files: versioned JSON with provenance. A genome file is
 * {@code {"format": "blur-genome", "version": 1, "k", "blocks", "scalars", "genes", "provenance"}};
 * a population file is {@code {"format": "blur-population", "version": 1, "genomes": [ … ]}} with at
 * least one genome. {@code blocks} (default 1), {@code scalars} (default none) and
 * {@code provenance} (default empty) may be absent or null.
 *
 * <p>Reading rejects malformed JSON, an unknown format or version, a missing or mistyped key, a
 * wrong length, a gene that is not a finite double (a string, NaN, or a number beyond the double
 * range such as 1e999) and an empty population, with a message that names the file and the key.
 * Writing goes through {@link JsonFiles} and {@link AtomicFiles}: the target is replaced completely
 * or not at all; provenance keys are written sorted at every level, so the output is stable.
 */
public final class GenomeFile {
    public static final int VERSION = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCALAR_NAMES = Arrays.stream(OptionalScalar.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));

    /** A genome with where it came from (free-form keys such as run, generation, fitness). */
    public record Entry(Genome genome, Map<String, Object> provenance) {
        public Entry {
            provenance = Map.copyOf(provenance);
        }
    }

    private GenomeFile() {
    }

    /** Reads a genome file or a population file; a genome file yields one entry. */
    public static List<Entry> read(Path file) {
        JsonNode root = tree(file);
        String format = string(file, root, "format");
        int version = integer(file, "", root, "version");
        if (version > VERSION || version < 1) {
            throw new GenomeFormatException(file + ": version = " + version + ", this program reads versions 1.." + VERSION
                    + "; upgrade blur-evolve to read it");
        }
        return switch (format) {
            case "blur-genome" -> List.of(entry(file, "", root));
            case "blur-population" -> population(file, root);
            default -> throw new GenomeFormatException(file + ": format = \"" + format
                    + "\", expected \"blur-genome\" or \"blur-population\"");
        };
    }

    private static JsonNode tree(Path file) {
        JsonNode root;
        try {
            root = JsonFiles.readTree(file);
        } catch (NoSuchFileException e) {
            throw new GenomeFormatException(file + ": file not found", e);
        } catch (IOException e) {
            throw new GenomeFormatException(file + ": " + JsonFiles.problem(e), e);
        }
        if (!root.isObject()) {
            throw wrong(file, "(top level)", root, "a JSON object {\"format\": …, \"version\": …, …}");
        }
        return root;
    }

    private static List<Entry> population(Path file, JsonNode root) {
        JsonNode list = root.get("genomes");
        if (list == null) {
            throw new GenomeFormatException(file + ": genomes: missing, expected a list of genome objects");
        }
        if (!list.isArray()) {
            throw wrong(file, "genomes", list, "a list of genome objects");
        }
        if (list.isEmpty()) {
            throw new GenomeFormatException(file + ": genomes: the population holds no genomes; add at least one");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                throw wrong(file, "genomes[" + i + "]", list.get(i), "a genome object {\"k\": …, \"genes\": […]}");
            }
            out.add(entry(file, "genomes[" + i + "].", list.get(i)));
        }
        return out;
    }

    private static Entry entry(Path file, String prefix, JsonNode c) {
        int k = integer(file, prefix, c, "k");
        int blocks = absent(c.get("blocks")) ? 1 : integer(file, prefix, c, "blocks");
        GenomeLayout layout;
        try {
            layout = new GenomeLayout(k, blocks, scalars(file, prefix, c.get("scalars")));
        } catch (IllegalArgumentException e) {
            throw new GenomeFormatException(file + ": " + prefix + "k/blocks/scalars: " + e.getMessage(), e);
        }
        Genome genome;
        try {
            genome = new Genome(layout, genes(file, prefix, c.get("genes")));
        } catch (IllegalArgumentException e) {
            throw new GenomeFormatException(file + ": " + prefix + "genes: " + e.getMessage(), e);
        }
        return new Entry(genome, provenance(file, prefix, c.get("provenance")));
    }

    private static List<OptionalScalar> scalars(Path file, String prefix, JsonNode list) {
        List<OptionalScalar> scalars = new ArrayList<>();
        if (absent(list)) {
            return scalars;
        }
        if (!list.isArray()) {
            throw wrong(file, prefix + "scalars", list, "a list of strings such as [\"oja\"]");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if (!s.isTextual()) {
                throw wrong(file, prefix + "scalars[" + i + "]", s, "a string, one of " + SCALAR_NAMES);
            }
            try {
                scalars.add(OptionalScalar.valueOf(s.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new GenomeFormatException(file + ": " + prefix + "scalars: unknown scalar '" + s.asText()
                        + "', expected one of " + SCALAR_NAMES);
            }
        }
        return scalars;
    }

    private static double[] genes(Path file, String prefix, JsonNode list) {
        if (list == null) {
            throw new GenomeFormatException(file + ": " + prefix + "genes: missing, expected a list of numbers");
        }
        if (!list.isArray()) {
            throw wrong(file, prefix + "genes", list, "a list of numbers");
        }
        double[] genes = new double[list.size()];
        for (int i = 0; i < genes.length; i++) {
            JsonNode g = list.get(i);
            if (!g.isNumber()) {
                throw new GenomeFormatException(file + ": " + prefix + "genes: gene " + i + " is "
                        + (g.isTextual() ? g.asText() + " (a string)" : shown(g)) + "; genes must be finite numbers");
            }
            genes[i] = g.doubleValue();
            if (!Double.isFinite(genes[i])) {
                throw new GenomeFormatException(file + ": " + prefix + "genes: gene " + i
                        + " is too large for a double (beyond ±1.8e308); genes must be finite numbers");
            }
        }
        return genes;
    }

    private static Map<String, Object> provenance(Path file, String prefix, JsonNode object) {
        if (absent(object)) {
            return Map.of();
        }
        if (!object.isObject()) {
            throw wrong(file, prefix + "provenance", object, "an object of \"key\": value pairs");
        }
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = prefix + "provenance." + e.getKey();
            if (e.getValue().isNull()) {
                throw new GenomeFormatException(file + ": " + key + " = null; give it a value or remove the key");
            }
            try {
                out.put(e.getKey(), JsonFiles.mapper().treeToValue(e.getValue(), Object.class));
            } catch (JsonProcessingException ex) {
                throw new GenomeFormatException(file + ": " + key + ": " + JsonFiles.problem(ex), ex);
            }
        }
        return out;
    }

    private static String string(Path file, JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null) {
            throw new GenomeFormatException(file + ": " + key + ": missing, expected a string");
        }
        if (!v.isTextual()) {
            throw wrong(file, key, v, "a string");
        }
        return v.asText();
    }

    private static int integer(Path file, String prefix, JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null) {
            throw new GenomeFormatException(file + ": " + prefix + key + ": missing, expected an integer");
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw wrong(file, prefix + key, v, "an integer");
        }
        return v.intValue();
    }

    /** Absent and null mean "use the default" for the optional keys, as they always have. */
    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    private static GenomeFormatException wrong(Path file, String key, JsonNode value, String expected) {
        return new GenomeFormatException(file + ": " + key + " = " + shown(value) + ", expected " + expected);
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Writes one genome file atomically. */
    public static void writeGenome(Path file, Entry entry) throws IOException {
        JsonFiles.writeAtomically(file, genomeTree(entry));
    }

    /** Writes a population file atomically; it must hold at least one genome (readers reject an empty one). */
    public static void writePopulation(Path file, List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": a population file needs at least one genome");
        }
        ObjectNode root = NODES.objectNode().put("format", "blur-population").put("version", VERSION);
        ArrayNode genomes = root.putArray("genomes");
        entries.forEach(e -> genomes.add(genomeTree(e)));
        JsonFiles.writeAtomically(file, root);
    }

    private static ObjectNode genomeTree(Entry e) {
        Genome g = e.genome();
        ObjectNode node = NODES.objectNode().put("format", "blur-genome").put("version", VERSION)
                .put("k", g.k()).put("blocks", g.layout().blocks());
        ArrayNode scalars = node.putArray("scalars");
        g.layout().scalars().forEach(s -> scalars.add(s.name().toLowerCase(Locale.ROOT)));
        ArrayNode genes = node.putArray("genes");
        Arrays.stream(g.genes()).forEach(genes::add);
        node.set("provenance", provenanceValue(e.provenance()));
        return node;
    }

    /**
     * Provenance as JSON, by the rules genome files have always used: maps with their keys as
     * strings, sorted; collections and {@code double[]} as lists; numbers and booleans as themselves;
     * anything else as its {@code toString()}.
     */
    private static JsonNode provenanceValue(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((key, value) -> sorted.put(String.valueOf(key), value));
            ObjectNode o = NODES.objectNode();
            sorted.forEach((key, value) -> o.set(key, provenanceValue(value)));
            return o;
        } else if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(x -> a.add(provenanceValue(x)));
            return a;
        } else if (v instanceof double[] d) {
            ArrayNode a = NODES.arrayNode();
            Arrays.stream(d).forEach(a::add);
            return a;
        }
        return scalarValue(v);
    }

    private static JsonNode scalarValue(Object v) {
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (v instanceof Float f) {
            return NODES.numberNode(f);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            return NODES.numberNode(b);
        } else if (v instanceof BigDecimal b) {
            return NODES.numberNode(b);
        } else if (v instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        return NODES.textNode(v.toString());
    }
}
