package org.blurevolve.deploy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts (deploy/bin, deploy/yarn) as a user would, from the project root. */
final class Scripts {
    static final Path ROOT = Path.of(System.getProperty("blur.root")).toAbsolutePath().normalize();

    private Scripts() {
    }

    /** What a script did: its exit code, its stdout and stderr together, and how long it took. */
    record Result(int exit, String output, double seconds) {
    }

    /** Runs {@code command} (its first element relative to the project root) with {@code env} added. */
    static Result run(Path tmp, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.command().set(0, ROOT.resolve(command[0]).toString());
        pb.environment().putAll(env);
        Path log = Files.createTempFile(tmp, "cmd", ".log");
        pb.redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log), (System.nanoTime() - start) / 1e9);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The status of a kill request to the master UI (302 when kills are enabled, 405 when off). */
    static int killStatus(String uiPort) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + uiPort
                + "/app/kill/?id=app-none&terminate=true").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setInstanceFollowRedirects(false);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
