package org.blurevolve.driver.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.blurevolve.BadInputException;
import org.blurevolve.io.JsonFiles;

/**
 * A run's {@code checkpoints/} folder. Writes a checkpoint every {@code every} generations and once
 * more from a shutdown hook (SIGTERM) when the newest finished generation has not been written, and
 * that hook says how to resume; a
 * checkpoint is written completely and verified before older ones beyond {@code keep} are deleted.
 * Reading falls back to the newest checkpoint that reads back whole. Thread-safe between the run
 * thread and the hook.
 */
public final class CheckpointStore implements AutoCloseable {
    private final Path dir;
    private final int every;
    private final int keep;
    private final Thread hook;
    private Checkpoint pending;
    private long written = -1;

    /** The newest readable checkpoint of a folder, and the newer files that were skipped (with why). */
    public record Latest(Checkpoint checkpoint, List<String> skipped) {
    }

    public CheckpointStore(Path dir, int every, int keep, PrintStream log) {
        this.dir = dir;
        this.every = every;
        this.keep = keep;
        this.hook = new Thread(() -> {
            synchronized (this) {
                if (pending != null && pending.state().generation() > written) {
                    try {
                        write(pending);
                        log.printf("SIGTERM: wrote checkpoint after generation %d%n", pending.state().generation());
                    } catch (IOException e) {
                        log.printf("SIGTERM: could not write checkpoint: %s%n", e.getMessage());
                    }
                }
                // printed here, not by the run thread, which the JVM may halt before it gets to print
                log.println(written < 0 ? "stopped (SIGTERM or Ctrl-C) before any generation finished; nothing to resume"
                        : "stopped (SIGTERM or Ctrl-C); generations 0-" + written + " are checkpointed, continue with"
                        + " `blur resume " + dir.getParent() + "`");
            }
        }, "blur-checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Records the state after a finished generation, writing it when the period says so. */
    public synchronized void offer(Checkpoint cp) throws IOException {
        pending = cp;
        if (cp.state().generation() % every == 0) {
            write(cp);
        }
    }

    private void write(Checkpoint cp) throws IOException {
        Path file = dir.resolve(String.format("checkpoint-%06d.json", cp.state().generation()));
        JsonFiles.writeAtomically(file, cp.toJson());
        written = cp.state().generation();
        List<Path> all = list(dir);
        for (int i = 0; i + keep < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and writes the last checkpoint
        }
    }

    /** Checkpoint files in a folder, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.json"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** The newest checkpoint in {@code dir} that reads whole, or null when there is none at all. */
    public static Latest latest(Path dir) throws IOException {
        List<Path> all = list(dir);
        List<String> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return new Latest(Checkpoint.read(all.get(i)), skipped);
            } catch (BadInputException e) {
                skipped.add(e.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            throw new BadInputException(skipped);
        }
        return null;
    }
}
