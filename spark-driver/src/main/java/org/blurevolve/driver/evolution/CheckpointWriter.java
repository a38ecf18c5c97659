package org.blurevolve.driver.evolution;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Writes a run's checkpoints: every {@code every} generations, and once more from a shutdown hook
 * (SIGTERM) when the newest finished generation has not been written yet. {@link #close()} removes
 * the hook at the end of the run. Thread-safe between the run thread and the hook.
 */
final class CheckpointWriter implements AutoCloseable {
    private final Path dir;
    private final int every;
    private final int keep;
    private final Thread hook;
    private Checkpoint pending;
    private long written = -1;

    CheckpointWriter(Path dir, int every, int keep, PrintStream log) {
        this.dir = dir;
        this.every = every;
        this.keep = keep;
        this.hook = new Thread(() -> {
            synchronized (this) {
                if (pending != null && pending.generation() > written) {
                    try {
                        pending.write(dir, keep);
                        log.printf("SIGTERM: wrote checkpoint after generation %d%n", pending.generation());
                    } catch (IOException e) {
                        log.printf("SIGTERM: could not write checkpoint: %s%n", e.getMessage());
                    }
                }
            }
        }, "blur-checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Records the state after a finished generation, writing it when the period says so. */
    synchronized void offer(Checkpoint cp) throws IOException {
        pending = cp;
        if (cp.generation() % every == 0) {
            cp.write(dir, keep);
            written = cp.generation();
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
}
