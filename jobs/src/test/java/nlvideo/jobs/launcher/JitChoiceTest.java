package nlvideo.jobs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nlvideo.jobs.cluster.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/jit.sh as the launcher uses it: which JIT compilers an embedded JVM gets. The
 * launcher runs with {@code JAVA} set to a script that records its arguments, so the test sees
 * the exact command line; the real JVM then checks that the option it chose is one it takes,
 * and that it has the effect meant.
 */
class JitChoiceTest {
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    @Test
    void autoKeepsC1AloneOnFewCoresAndBothCompilersOnMore() throws Exception {
        int cores = nproc();
        List<String> args = launcherArguments(Map.of());
        assertEquals(cores <= 4, args.contains(C1_ONLY), "cores: " + cores + ", arguments: " + args);
    }

    @Test
    void explicitChoicesAndTheUsersOwnOptionsWin() throws Exception {
        assertTrue(launcherArguments(Map.of("NLVIDEO_JIT", "c1")).contains(C1_ONLY));
        assertFalse(launcherArguments(Map.of("NLVIDEO_JIT", "c2")).contains(C1_ONLY));
        List<String> own =
                launcherArguments(Map.of("NLVIDEO_JIT", "auto", "NLVIDEO_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=3"));
        assertTrue(own.contains("-XX:TieredStopAtLevel=3"), own.toString());
        assertFalse(own.contains(C1_ONLY), own.toString());
        assertFalse(launcherArguments(Map.of("NLVIDEO_JAVA_OPTS", "-Xmx1g -XX:-TieredCompilation"))
                .contains(C1_ONLY));
    }

    @Test
    void anUnknownChoiceIsAUsageError() throws Exception {
        Scripts.Result r = Scripts.run(
                Scripts.root(),
                env(Map.of("NLVIDEO_JIT", "fast")),
                Duration.ofSeconds(60),
                "scripts/nlvideo",
                "--help");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("NLVIDEO_JIT"), r.output());
        assertFalse(Files.exists(dir.resolve("args.txt")), "the JVM must not start");
    }

    @Test
    void theJvmTakesTheOptionAndStopsAtC1() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        C1_ONLY,
                        "-XX:+PrintFlagsFinal",
                        "-version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Matcher level = Pattern.compile("TieredStopAtLevel\\s*=\\s*(\\d+)").matcher(out);
        assertTrue(level.find(), out);
        assertEquals("1", level.group(1));
    }

    /** The arguments the launcher gave the JVM for {@code --help}, with {@code extra} in its environment. */
    private List<String> launcherArguments(Map<String, String> extra) throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("args.txt"));
        Scripts.Result r = Scripts.run(Scripts.root(), env(extra), Duration.ofSeconds(60), "scripts/nlvideo", "--help");
        assertEquals(0, r.exitCode(), r.output());
        return Files.readAllLines(dir.resolve("args.txt"));
    }

    /** The environment of a launcher run whose "JVM" writes its arguments, one per line, to args.txt. */
    private Map<String, String> env(Map<String, String> extra) throws IOException {
        Path fake = dir.resolve("java");
        if (!Files.exists(fake)) {
            Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + dir.resolve("args.txt") + "'\n");
            Files.setPosixFilePermissions(
                    fake,
                    Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        }
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("JAVA", fake.toString());
        env.put("NLVIDEO_APP_CLASSPATH", "/nonexistent");
        env.put("NLVIDEO_CDS", "0");
        return env;
    }

    private static int nproc() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nproc").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return Integer.parseInt(out);
    }
}
