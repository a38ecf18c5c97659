package org.blurevolve.driver.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.output.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code blur} command line. Exit codes: 0 done, 1 a bug (with its stack trace), 2 a user
 * mistake (bad conf, data, genome, checkpoint or flag: one message per problem, no stack trace),
 * 3 an I/O failure such as a full disk (one message; finished work is kept and the run resumable);
 * stopped by a signal, the signal's status (143 for SIGTERM), and a run prints how to resume.
 */
@Command(name = "blur", mixinStandardHelpOptions = true, versionProvider = BlurCli.Version.class,
        description = "Evolve BLUR learning rules (Sandler et al., ICML 2021) on Spark.",
        subcommands = {RunCommands.Evolve.class, RunCommands.Resume.class, ToolCommands.Eval.class,
            ToolCommands.TraceCommand.class, ToolCommands.Data.class, ToolCommands.Bench.class, ToolCommands.BenchSpark.class})
public final class BlurCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new BlurCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (shuttingDown()) {
                // SIGTERM or Ctrl-C: Spark's own shutdown hook stopped the context under a running job. A
                // run's checkpoint hook says how to resume; other commands say so here (best effort: the
                // JVM may halt first). The status is the signal's: System.exit blocks once shutdown began.
                if (!Set.of("evolve", "resume").contains(cmd.getCommandName())) {
                    cmd.getErr().println("stopped (SIGTERM or Ctrl-C); the unfinished work was not written");
                }
                return 143;
            }
            if (e instanceof BadInputException bad) {
                cmd.getErr().println("error: " + String.join("\nerror: ", bad.problems()));
                return 2;
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                boolean run = Set.of("evolve", "resume").contains(cmd.getCommandName());
                cmd.getErr().println("I/O error: " + e.getMessage() + (run ? " (finished generations are kept in the"
                        + " run's checkpoints; free the space or fix the folder, then `blur resume RUN_DIR`)" : ""));
                return 3;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Whether the JVM has begun to shut down (it refuses new shutdown hooks from then on). */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version shown by {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"blur-evolve " + Provenance.programVersion() + " (commit " + Provenance.gitCommit() + ")"};
        }
    }
}
