package nlvideo.jobs.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the repository's scripts ({@code scripts/nlvideo}, {@code scripts/submit}, {@code
 * scripts/local-cluster.sh}) from tests, as a user would: separate processes, the application
 * class path Maven resolved for this build, bounded waits.
 */
public final class Scripts {

    private Scripts() {}

    /** What a finished script gave. */
    public record Result(int exitCode, String stdout, String output) {}

    /** The repository root (the folder holding scripts/local-cluster.sh) above the working folder. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/local-cluster.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("cannot find the repository root (scripts/local-cluster.sh) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * The application's class path as Maven resolved it before the test phase (see jobs/pom.xml),
     * for {@code NLVIDEO_APP_CLASSPATH}.
     */
    public static String applicationClassPath(Path root) throws IOException {
        Path jobs = root.resolve("jobs/target");
        String deps = Files.readString(jobs.resolve("runtime-classpath.txt")).strip();
        return jobs.resolve("classes") + ":" + deps;
    }

    /** Starts a script of the repository with {@code env} added, its output going to the two files. */
    public static Process start(Path root, Map<String, String> env, Path stdout, Path stderr, String... command)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, root.resolve(command[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(root.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a script with a bounded wait; on timeout it and everything it started are killed. */
    public static Result run(Path root, Map<String, String> env, Duration limit, String... command)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("nlvideo-script", ".out");
        Path stderr = Files.createTempFile("nlvideo-script", ".err");
        try {
            Process process = start(root, env, stdout, stderr, command);
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + limit + ":\n" + Files.readString(stdout)
                        + Files.readString(stderr));
            }
            String out = Files.readString(stdout);
            return new Result(process.exitValue(), out, out + Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** The daemons' process ids of a local cluster, from the pid files its start script wrote. */
    public static List<Long> clusterProcesses(Path clusterDir) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(clusterDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
        }
        return pids;
    }
}
