package org.blurevolve.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher scripts as a user meets them: {@code --help} on each, argument parsing (checked with a
 * stand-in spark-submit that prints what it is given), and the failures that must be quick and
 * plain: a stale or unanswering master, workers that never register.
 */
@Tag("cluster")
class LauncherScriptsIT {
    private static final List<String> SCRIPTS = List.of("deploy/bin/blur", "deploy/bin/blur-submit",
            "deploy/bin/standalone-start", "deploy/bin/standalone-stop", "deploy/yarn/submit.sh");

    @TempDir
    Path dir;

    @Test
    void everyScriptAnswersHelpWithItsUsage() throws Exception {
        for (String script : SCRIPTS) {
            Scripts.Result r = Scripts.run(dir, Map.of(), script, "--help");
            assertEquals(0, r.exit(), script + ": " + r.output());
            assertTrue(r.output().toLowerCase().contains("usage") || r.output().contains(script), script + ": " + r.output());
        }
    }

    @Test
    void everyScriptIsShellcheckClean() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")), "shellcheck is not installed (apt-get install shellcheck)");
        List<String> command = new ArrayList<>(List.of("/usr/bin/shellcheck", "-x", "-P", "SCRIPTDIR", "deploy/bin/common.sh"));
        command.addAll(SCRIPTS);
        ProcessBuilder pb = new ProcessBuilder(command).directory(Scripts.ROOT.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void yarnSubmitWithoutAnExperimentPrintsItsUsage() throws Exception {
        Scripts.Result r = Scripts.run(dir, Map.of(), "deploy/yarn/submit.sh");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("deploy/yarn/submit.sh EXPERIMENT.conf") && !r.output().contains("unbound"),
                r.output());
    }

    @Test
    void aStoppedClusterIsReportedAtOnceInOneLine() throws Exception {
        Path state = Files.createDirectories(dir.resolve("standalone"));
        Files.writeString(state.resolve("master-url"), "spark://127.0.0.1:" + Scripts.freePort() + "\n");
        Files.writeString(state.resolve("master.pid"), "2147483646\n");
        Scripts.Result r = Scripts.run(dir, Map.of("BLUR_STANDALONE_DIR", state.toString()), "deploy/bin/blur-submit",
                "evolve", "conf/quickstart.conf");
        assertEquals(2, r.exit(), r.output());
        assertEquals(List.of("blur-submit: the standalone cluster of " + state + " is not running (stopped or crashed);"
                + " start it with deploy/bin/standalone-start, or give --master URL"), r.output().lines().toList());
        assertTrue(r.seconds() < 5, r.seconds() + " s");
        System.out.printf("stale master-url answered in %.3f s%n", r.seconds());
    }

    @Test
    void aMasterThatDoesNotAnswerIsReportedAtOnce() throws Exception {
        String url = "spark://127.0.0.1:" + Scripts.freePort();
        Scripts.Result r = Scripts.run(dir, Map.of(), "deploy/bin/blur-submit", "--master", url, "evolve",
                "conf/quickstart.conf");
        assertEquals(2, r.exit(), r.output());
        assertEquals(List.of("blur-submit: no Spark master answers at " + url + "; is the cluster running, and is that"
                + " its URL?"), r.output().lines().toList());
        assertTrue(r.seconds() < 5, r.seconds() + " s");
    }

    @Test
    void sparkSubmitOptionsAreParsedInEveryForm() throws Exception {
        Map<String, String> env = Map.of("SPARK_SUBMIT", fakeSparkSubmit().toString());
        List<String> argv = Scripts.run(dir, env, "deploy/bin/blur-submit", "--verbose", "--supervise",
                "--master=local[2]", "--driver-memory=3g", "--name", "x y", "--", "evolve", "a.conf", "--ship-data")
                .output().lines().toList();
        assertEquals("local[2]", argv.get(argv.indexOf("--master") + 1));
        assertTrue(argv.containsAll(List.of("--verbose", "--supervise", "--driver-memory=3g", "x y")), argv.toString());
        assertEquals(List.of("evolve", "a.conf", "--ship-data"), argv.subList(argv.size() - 3, argv.size()));
        assertFalse(argv.contains("--"), argv.toString());
        assertFalse(argv.contains("spark.executor.memoryOverhead=1g"), "no overhead off YARN and Kubernetes");
        List<String> yarn = Scripts.run(dir, env, "deploy/bin/blur-submit", "--master", "yarn", "evolve", "a.conf")
                .output().lines().toList();
        assertTrue(yarn.contains("spark.executor.memoryOverhead=1g"), yarn.toString());
        Scripts.Result missing = Scripts.run(dir, env, "deploy/bin/blur-submit", "--conf");
        assertEquals(2, missing.exit());
        assertEquals(List.of("blur-submit: --conf needs a value (see --help)"), missing.output().lines().toList());
    }

    @Test
    void standaloneStartFailsAndCleansUpWhenAWorkerDiesOrNoneRegisters() throws Exception {
        Path javaThatLosesWorkers = Files.writeString(dir.resolve("java"), "#!/bin/sh\n"
                + "case \"$*\" in *deploy.worker.Worker*) echo 'worker: out of memory' >&2; exit 1;; esac\n"
                + "exec java \"$@\"\n");
        Files.setPosixFilePermissions(javaThatLosesWorkers, PosixFilePermissions.fromString("rwx------"));
        Scripts.Result died = startCluster(Map.of("JAVA", javaThatLosesWorkers.toString()), "a");
        assertEquals(1, died.exit(), died.output());
        assertTrue(died.output().startsWith("standalone-start: worker 1 exited before registering (0 of 1 registered)")
                && died.output().contains("worker: out of memory"), died.output());
        Scripts.Result late = startCluster(Map.of("BLUR_START_TIMEOUT", "0"), "b");
        assertEquals(1, late.exit(), late.output());
        assertTrue(late.output().startsWith("standalone-start: 0 of 1 worker(s) registered within 0 s"), late.output());
        Scripts.Result badMemory = startCluster(Map.of(), "c", "--memory", "2x");
        assertEquals(2, badMemory.exit());
        assertEquals(List.of("standalone-start: --memory 2x: give a size such as 2g or 1500m"),
                badMemory.output().lines().toList());
    }

    /** Starts a one-worker cluster in its own state folder; asserts that nothing of it is left running. */
    private Scripts.Result startCluster(Map<String, String> extra, String name, String... flags) throws Exception {
        Path state = dir.resolve("standalone-" + name);
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.putAll(Map.of("BLUR_MASTER_PORT", Integer.toString(Scripts.freePort()),
                "BLUR_MASTER_UI_PORT", Integer.toString(Scripts.freePort()), "BLUR_STANDALONE_DIR", state.toString()));
        List<String> command = new ArrayList<>(List.of("deploy/bin/standalone-start", "--workers", "1", "--memory", "1g"));
        command.addAll(List.of(flags));
        Scripts.Result r = Scripts.run(dir, env, command.toArray(String[]::new));
        assertFalse(Files.exists(state.resolve("master.pid")), "the master was stopped again");
        assertFalse(Files.exists(state.resolve("master-url")), "no master-url is left for blur-submit");
        return r;
    }

    /** A spark-submit that prints its arguments, one a line. */
    private Path fakeSparkSubmit() throws Exception {
        Path fake = Files.writeString(dir.resolve("spark-submit"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }
}
