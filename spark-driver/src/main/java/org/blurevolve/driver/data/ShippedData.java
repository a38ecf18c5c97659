package org.blurevolve.driver.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.task.TaskSpec;

/**
 * {@code --ship-data}: the local dataset folders of a plan go with the application, so that executors
 * need no shared storage. The driver zips each folder's files (IDX files and {@code SHA256SUMS}, so
 * executors verify what they unpacked) into one archive, adds it with {@code SparkContext.addArchive}
 * (Spark unpacks it once into every executor's work folder), and sends executors a plan whose folders
 * name the shipped copies: {@code blur-shipped:<i>-<folder name>}. Folders given as URIs are not
 * shipped: executors read them from their file system.
 */
public final class ShippedData {
    private static final String SCHEME = "blur-shipped:";
    private static final String ARCHIVE = "blur-data";

    private ShippedData() {
    }

    /** Ships the plan's local image folders with the application; returns the plan executors should use. */
    public static EvaluationPlan ship(JavaSparkContext jsc, EvaluationPlan plan) throws IOException {
        Map<String, String> shipped = new LinkedHashMap<>();
        Stream.concat(plan.metaTrain().stream(), plan.metaTest().stream())
                .filter(s -> s instanceof TaskSpec.Images i && !DataLocation.isUri(i.directory()))
                .map(s -> ((TaskSpec.Images) s).directory()).distinct()
                .forEach(d -> shipped.put(d, SCHEME + shipped.size() + "-" + Path.of(d).getFileName()));
        if (shipped.isEmpty()) {
            return plan;
        }
        Path dir = Files.createTempDirectory("blur-ship");
        Path zip = dir.resolve(ARCHIVE + ".zip");
        dir.toFile().deleteOnExit();
        zip.toFile().deleteOnExit();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> e : shipped.entrySet()) {
                add(out, Path.of(e.getKey()), e.getValue().substring(SCHEME.length()));
            }
        }
        jsc.sc().addArchive(zip.toUri() + "#" + ARCHIVE);
        return plan.withFolders(d -> shipped.getOrDefault(d, d));
    }

    private static void add(ZipOutputStream out, Path folder, String name) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            out.putNextEntry(new ZipEntry(name + "/" + f.getFileName()));
            Files.copy(f, out);
            out.closeEntry();
        }
    }

    /** Whether a folder location names a shipped copy. */
    static boolean isShipped(String location) {
        return location.startsWith(SCHEME);
    }

    /** Where a shipped folder was unpacked in this JVM. */
    static String localFolder(String location) {
        return Path.of(SparkFiles.getRootDirectory(), ARCHIVE, location.substring(SCHEME.length())).toString();
    }
}
