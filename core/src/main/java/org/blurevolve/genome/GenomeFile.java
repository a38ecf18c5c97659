package org.blurevolve.genome;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Genome and population files: versioned JSON with provenance. A genome file is
 * {@code {"format": "blur-genome", "version": 1, "k", "blocks", "scalars", "genes", "provenance"}};
 * a population file is {@code {"format": "blur-population", "version": 1, "genomes": [ … ]}}.
 * Reading rejects an unknown format or version, a wrong length and NaN/Inf with a message that
 * names the file and the key. Writing is atomic (temp file, fsync, rename).
 */
public final class GenomeFile {
    public static final int VERSION = 1;

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
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
        } catch (ConfigException e) {
            throw new GenomeFormatException(file + ": " + e.getMessage(), e);
        }
        String format = string(file, c, "format");
        int version = integer(file, c, "version");
        if (version > VERSION || version < 1) {
            throw new GenomeFormatException(file + ": version = " + version + ", this program reads versions 1.." + VERSION
                    + "; upgrade blur-evolve to read it");
        }
        if (format.equals("blur-genome")) {
            return List.of(entry(file, "", c));
        }
        if (format.equals("blur-population")) {
            List<Entry> out = new ArrayList<>();
            List<? extends Config> list;
            try {
                list = c.getConfigList("genomes");
            } catch (ConfigException e) {
                throw new GenomeFormatException(file + ": genomes: " + e.getMessage(), e);
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(entry(file, "genomes[" + i + "].", list.get(i)));
            }
            return out;
        }
        throw new GenomeFormatException(file + ": format = \"" + format + "\", expected \"blur-genome\" or \"blur-population\"");
    }

    private static Entry entry(Path file, String prefix, Config c) {
        int k = integer(file, c, prefix, "k");
        int blocks = c.hasPath("blocks") ? integer(file, c, prefix, "blocks") : 1;
        List<OptionalScalar> scalars = new ArrayList<>();
        if (c.hasPath("scalars")) {
            for (String s : c.getStringList("scalars")) {
                try {
                    scalars.add(OptionalScalar.valueOf(s.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new GenomeFormatException(file + ": " + prefix + "scalars: unknown scalar '" + s + "'");
                }
            }
        }
        GenomeLayout layout;
        try {
            layout = new GenomeLayout(k, blocks, scalars);
        } catch (IllegalArgumentException e) {
            throw new GenomeFormatException(file + ": " + prefix + "k/blocks/scalars: " + e.getMessage(), e);
        }
        List<Double> genes;
        try {
            genes = c.getDoubleList("genes");
        } catch (ConfigException e) {
            throw new GenomeFormatException(file + ": " + prefix + "genes: " + e.getMessage(), e);
        }
        double[] values = genes.stream().mapToDouble(Double::doubleValue).toArray();
        Genome genome;
        try {
            genome = new Genome(layout, values);
        } catch (IllegalArgumentException e) {
            throw new GenomeFormatException(file + ": " + prefix + "genes: " + e.getMessage(), e);
        }
        Map<String, Object> provenance = c.hasPath("provenance")
                ? new TreeMap<>(c.getConfig("provenance").root().unwrapped()) : Map.of();
        return new Entry(genome, provenance);
    }

    private static String string(Path file, Config c, String key) {
        try {
            return c.getString(key);
        } catch (ConfigException e) {
            throw new GenomeFormatException(file + ": " + key + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Path file, Config c, String key) {
        return integer(file, c, "", key);
    }

    private static int integer(Path file, Config c, String prefix, String key) {
        try {
            return c.getInt(key);
        } catch (ConfigException e) {
            throw new GenomeFormatException(file + ": " + prefix + key + ": " + e.getMessage(), e);
        }
    }

    /** Writes one genome file atomically. */
    public static void writeGenome(Path file, Entry entry) throws IOException {
        writeAtomically(file, genomeJson(entry, "") + "\n");
    }

    /** Writes a population file atomically. */
    public static void writePopulation(Path file, List<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder("{\n  \"format\": \"blur-population\",\n  \"version\": " + VERSION
                + ",\n  \"genomes\": [\n");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(genomeJson(entries.get(i), "    ")).append(i + 1 < entries.size() ? ",\n" : "\n");
        }
        writeAtomically(file, sb.append("  ]\n}\n").toString());
    }

    private static String genomeJson(Entry e, String indent) {
        Genome g = e.genome();
        StringBuilder sb = new StringBuilder();
        sb.append(indent).append("{\n");
        sb.append(indent).append("  \"format\": \"blur-genome\",\n");
        sb.append(indent).append("  \"version\": ").append(VERSION).append(",\n");
        sb.append(indent).append("  \"k\": ").append(g.k()).append(",\n");
        sb.append(indent).append("  \"blocks\": ").append(g.layout().blocks()).append(",\n");
        sb.append(indent).append("  \"scalars\": [");
        List<OptionalScalar> scalars = g.layout().scalars();
        for (int i = 0; i < scalars.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('"').append(scalars.get(i).name().toLowerCase(Locale.ROOT)).append('"');
        }
        sb.append("],\n").append(indent).append("  \"genes\": [");
        double[] genes = g.genes();
        for (int i = 0; i < genes.length; i++) {
            sb.append(i > 0 ? ", " : "").append(genes[i]);
        }
        sb.append("],\n").append(indent).append("  \"provenance\": ").append(Json.object(e.provenance())).append('\n');
        return sb.append(indent).append('}').toString();
    }

    /**
     * Writes text to a temp file beside {@code file}, forces it to disk and renames it into place.
     * The file is readable by everyone (temp files start owner-only; results are meant to be shared).
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
