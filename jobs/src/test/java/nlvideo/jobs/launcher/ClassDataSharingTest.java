package nlvideo.jobs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nlvideo.jobs.cluster.Scripts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/cds.sh, which the launcher runs the JVM through when it runs the built jars (the
 * tests' own launcher runs use class folders, which an archive cannot hold): with the real JVM,
 * on a jar of {@link CdsProbe}, in a scratch build folder. The first run records an archive and
 * keeps it only when it succeeded or was stopped by a signal; later runs use it; the archive is
 * one the JVM accepts with sharing forced on; the exit status, stdin and stdout pass through
 * unchanged; a TERM to the script stops the JVM it started.
 */
class ClassDataSharingTest {
    @TempDir
    Path root;

    private Path jar;
    private Path target;

    @BeforeEach
    void scratchBuild() throws IOException {
        target = Files.createDirectories(root.resolve("jobs/target"));
        Path stamp = Files.writeString(target.resolve("classpath.txt"), "");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().minusSeconds(60)));
        jar = target.resolve("probe.jar");
        String name = CdsProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(name));
            try (var in = CdsProbe.class.getClassLoader().getResourceAsStream(name)) {
                in.transferTo(j);
            }
            j.closeEntry();
        }
    }

    /** Runs nlvideo_cds_run with the probe; the script's stdout, its exit status. */
    private Run run(String exitCode, String stdin, String... env) throws Exception {
        Process p = start(exitCode, env);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cds.sh did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String stdout) {}

    private Process start(String exitCode, String... env) throws IOException {
        String script = "set -euo pipefail; source \"$REPO/scripts/lib/cds.sh\"; " // as scripts/nlvideo
                + "archive=\"$(nlvideo_cds_archive probe ${ARGS:-})\" || { echo 'CDS off'; exit 0; }; "
                + "nlvideo_cds_run \"$archive\" \"$JAR\" java -cp \"$JAR\" " + CdsProbe.class.getName() + " "
                + exitCode;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("ROOT", root.toString());
        pb.environment().put("REPO", Scripts.root().toString());
        pb.environment().put("JAR", jar.toString());
        pb.environment().remove("NLVIDEO_JAVA_OPTS");
        pb.environment().remove("NLVIDEO_CDS");
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith("nlvideo-cds-"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void firstRunRecordsLaterRunsUse() throws Exception {
        Run first = run("0", "hello\n");
        assertEquals(0, first.exitCode());
        List<Path> made = archives();
        assertEquals(1, made.size(), "one archive, no temporary file left: " + made);
        Path archive = made.get(0);
        assertTrue(archive.getFileName().toString().endsWith("-probe.jsa"), "named by the command: " + archive);
        String recording = "SharedArchiveFile=\nArchiveClassesAtExit=" + Pattern.quote(archive.toString())
                + "\\.\\d+\\.tmp\nstdin=hello\n"; // into a file of its own; stdin reaches the JVM
        assertTrue(first.stdout().matches(recording), "the recording run's stdout: " + first.stdout());

        FileTime recorded = Files.getLastModifiedTime(archive);
        Run second = run("0", "again\n");
        assertEquals(0, second.exitCode());
        assertEquals("SharedArchiveFile=" + archive + "\nArchiveClassesAtExit=\nstdin=again\n", second.stdout());
        assertEquals(recorded, Files.getLastModifiedTime(archive), "a usable archive is not recorded again");

        // the JVM itself accepts the archive with sharing forced on (it fails to start otherwise)
        Process strict = new ProcessBuilder(
                        "java",
                        "-Xshare:on",
                        "-XX:SharedArchiveFile=" + archive,
                        "-cp",
                        jar.toString(),
                        CdsProbe.class.getName(),
                        "0")
                .redirectErrorStream(true)
                .start();
        strict.getOutputStream().close();
        assertTrue(strict.waitFor(60, TimeUnit.SECONDS));
        String out = new String(strict.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, strict.exitValue(), out);
    }

    @Test
    void aRebuildMakesTheArchiveStale() throws Exception {
        assertRecordedAgainAfterTouching(target.resolve("classpath.txt"), "recorded again after the build");
    }

    @Test
    void aJarRebuiltAfterTheArchiveMakesItStale() throws Exception {
        // e.g. mvn package by hand
        assertRecordedAgainAfterTouching(jar, "recorded again after the jar changed");
    }

    /** An archive older than {@code changed} is recorded again by the next run, not used. */
    private void assertRecordedAgainAfterTouching(Path changed, String message) throws Exception {
        assertEquals(0, run("0", "\n").exitCode());
        Path archive = archives().get(0);
        FileTime old = FileTime.from(Instant.now().minusSeconds(30));
        Files.setLastModifiedTime(archive, old);
        Files.setLastModifiedTime(changed, FileTime.from(Instant.now()));
        Run after = run("0", "\n");
        assertTrue(after.stdout().startsWith("SharedArchiveFile=\nArchiveClassesAtExit="), after.stdout());
        assertNotEquals(old, Files.getLastModifiedTime(archive), message);
    }

    @Test
    void aFailedRunKeepsNoArchiveAndPassesItsStatusOn() throws Exception {
        Run failed = run("3", "\n");
        assertEquals(3, failed.exitCode());
        assertEquals(List.of(), archives(), "nothing kept, no temporary file left");
    }

    @Test
    void offOnRequestForHelpOrWhenTheOptionsAlreadyChooseAnArchive() throws Exception {
        assertEquals("CDS off\n", run("0", "\n", "NLVIDEO_CDS", "0").stdout());
        assertEquals(
                "CDS off\n",
                run("0", "\n", "NLVIDEO_JAVA_OPTS", "-Xmx1g -Xshare:off").stdout());
        assertEquals(List.of(), archives());
    }

    @Test
    void termStopsTheRecordingJvmWhichKeepsItsArchive() throws Exception {
        Process script = start("sleep");
        byte[] expected = "SharedArchiveFile=\n".getBytes(StandardCharsets.UTF_8);
        byte[] head = script.getInputStream().readNBytes(expected.length);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(head, StandardCharsets.UTF_8));
        List<ProcessHandle> jvms = script.descendants().toList();
        assertFalse(jvms.isEmpty(), "the JVM runs as the script's child while it records");
        new ProcessBuilder("kill", "-TERM", Long.toString(script.pid())).start().waitFor();
        assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script ends");
        assertEquals(128 + 15, script.exitValue(), "the JVM's status: ended by TERM");
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(60, TimeUnit.SECONDS);
            assertFalse(jvm.isAlive());
        }
        List<Path> kept = archives();
        assertEquals(1, kept.size(), "a run stopped by a signal (how a folder watch ends) keeps its archive: " + kept);
        assertEquals(
                "SharedArchiveFile=" + kept.get(0) + "\nArchiveClassesAtExit=\nstdin=\n",
                run("0", "\n").stdout(),
                "and the next run uses it");
    }
}
