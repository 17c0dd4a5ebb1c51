package nlvideo.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JsonTables;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.probe.PoisonInputs;
import nlvideo.jobs.recovery.CommitLog;
import nlvideo.jobs.recovery.FaultInjection;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real standalone cluster (master and two one-core workers on 127.0.0.1, executors in
 * their own JVMs), with {@code classify} run through {@code scripts/submit}:
 * <ul>
 *   <li>an executor JVM killed with SIGKILL in the middle of the job costs retries, and the
 *       output still has every video exactly once, with the scores of an undisturbed run;
 *   <li>poison videos: one whose decoding aborts the executor natively (a double free caught by
 *       glibc), one whose decoding segfaults it, one whose decoder hangs in native code: the job
 *       ends normally, the first two as {@code crashed} error rows, the third as {@code timeout},
 *       and every other video is classified;
 *   <li>a file on which the executor aborts while {@code probe} reads its header, and one on which
 *       it hangs: a {@code crashed} and a {@code timeout} row, every other file probed.
 * </ul>
 * The faults are real native ones, done by {@link FaultInjection} on the named files.
 */
class FaultToleranceClusterTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration JOB_LIMIT = Duration.ofSeconds(400);

    @TempDir
    static Path tmp;

    static Path root;
    static Map<String, String> env;
    static String master;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Scripts.root();
        env = new HashMap<>();
        env.put("NLVIDEO_CLUSTER_DIR", tmp.resolve("cluster").toString());
        env.put("NLVIDEO_CLUSTER_WORKERS", "2");
        env.put("NLVIDEO_WORKER_CORES", "1");
        env.put("NLVIDEO_WORKER_MEMORY", "2g");
        env.put("NLVIDEO_APP_CLASSPATH", Scripts.applicationClassPath(root));
        Scripts.Result start = Scripts.run(root, env, START_LIMIT, "scripts/local-cluster.sh", "start");
        assertEquals(0, start.exitCode(), "cluster start failed:\n" + start.output());
        master = start.stdout().strip();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Scripts.run(root, env, Duration.ofSeconds(60), "scripts/local-cluster.sh", "stop");
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static Path videos(String name, int count) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < count; i++) {
            SampleVideos.write(
                    dir.resolve(String.format("v%02d.mp4", i)), SampleVideos.Format.H264_MP4, 64, 48, 25, 24 + 3 * i);
        }
        return dir;
    }

    private static List<String> submit(Path input, Path output, String... extra) {
        List<String> cmd =
                new ArrayList<>(List.of("scripts/submit", "--master", master, "--conf", "spark.executor.memory=1g"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("classify", "--input", input.toString(), "--output", output.toString(), "--format", "json"));
        return cmd;
    }

    @Test
    void anExecutorKilledMidJobCostsRetriesAndLosesNothing() throws Exception {
        Path input = videos("kill-videos", 16);
        Files.writeString(input.resolve("text.mp4"), "not a video\n");
        Path out = tmp.resolve("kill-out");
        List<String> cmd = submit(input, out);
        cmd.addAll(List.of("--partitions", "8", "--clips", "3"));
        Process job =
                Scripts.start(root, env, tmp.resolve("kill.out"), tmp.resolve("kill.err"), cmd.toArray(new String[0]));
        try {
            CommitLog log = new CommitLog(out.resolve(OutputFolder.WORK).resolve("results"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (log.committed().isEmpty()) {
                if (!job.isAlive() || System.nanoTime() > deadline) {
                    fail("no task committed while the job ran:\n" + Files.readString(tmp.resolve("kill.err")));
                }
                Thread.sleep(20);
            }
            ProcessHandle executor = executors().get(0);
            executor.destroyForcibly(); // SIGKILL
            assertTrue(job.waitFor(JOB_LIMIT.toSeconds(), TimeUnit.SECONDS), "job did not end");
            assertEquals(0, job.exitValue(), Files.readString(tmp.resolve("kill.err")));
        } finally {
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly();
        }

        Map<String, JsonNode> predicted = JsonTables.rows(out, "predictions");
        Map<String, JsonNode> errors = JsonTables.rows(out, "errors");
        assertEquals(16, predicted.size(), "predicted: " + predicted.keySet());
        assertEquals(Set.of("text"), errors.keySet());
        JsonNode summary = JsonTables.summary(out);
        assertTrue(summary.at("/counts/executors_lost").asLong() >= 1, summary.toString());
        assertTrue(summary.at("/counts/failed_task_attempts").asLong() >= 1, summary.toString());

        Path embedded = tmp.resolve("kill-embedded");
        assertEquals(
                0,
                Main.run(
                        "classify",
                        "--input",
                        input.toString(),
                        "--output",
                        embedded.toString(),
                        "--format",
                        "json",
                        "--clips",
                        "3",
                        "--master",
                        "local[2]",
                        "--spark-conf",
                        "spark.ui.enabled=false"));
        Map<String, JsonNode> reference = JsonTables.rows(embedded, "predictions");
        for (String id : reference.keySet()) {
            JsonNode c = predicted.get(id);
            JsonNode e = reference.get(id);
            assertEquals(e.get("top_labels"), c.get("top_labels"), id);
            assertEquals(e.get("views"), c.get("views"), id);
            for (int i = 0; i < e.get("top_scores").size(); i++) {
                assertEquals(
                        e.get("top_scores").get(i).asDouble(),
                        c.get("top_scores").get(i).asDouble(),
                        1e-5,
                        id);
            }
        }
    }

    @Test
    void poisonVideosEndAsErrorRowsAndTheirTaskMatesAreClassified() throws Exception {
        Path input = videos("poison-videos", 6);
        Files.copy(input.resolve("v00.mp4"), input.resolve("aborts.mp4"));
        Files.copy(input.resolve("v01.mp4"), input.resolve("segfaults.mp4"));
        Files.copy(input.resolve("v02.mp4"), input.resolve("hangs.mp4"));
        Path out = tmp.resolve("poison-out");
        List<String> cmd = submit(
                input,
                out,
                "--conf",
                "spark.executorEnv." + FaultInjection.ENV + "=abort=aborts.mp4,segfault=segfaults.mp4,hang=hangs.mp4");
        // few tasks, so that each poison video shares its task with good ones
        cmd.addAll(List.of("--partitions", "2", "--decode-timeout", "5"));
        Scripts.Result job = Scripts.run(root, env, JOB_LIMIT, cmd.toArray(new String[0]));
        assertEquals(0, job.exitCode(), job.output());

        Map<String, JsonNode> predicted = JsonTables.rows(out, "predictions");
        Map<String, JsonNode> errors = JsonTables.rows(out, "errors");
        Set<String> good = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            good.add(String.format("v%02d", i));
        }
        assertEquals(good, predicted.keySet(), "every good video classified");
        assertEquals(Set.of("aborts", "segfaults", "hangs"), errors.keySet());
        assertEquals("crashed", errors.get("aborts").get("error_kind").asText());
        assertEquals("crashed", errors.get("segfaults").get("error_kind").asText());
        assertEquals("timeout", errors.get("hangs").get("error_kind").asText());
        assertTrue(errors.get("hangs").get("error_message").asText().contains("5 s"), errors.toString());
        JsonNode summary = JsonTables.summary(out);
        assertEquals(9, summary.at("/counts/inputs").asInt());
        assertEquals(2, summary.at("/counts/failed_by_kind/crashed").asInt(), summary.toString());
        // each crashing video killed an executor while it ran alone, and at least once before that
        assertTrue(summary.at("/counts/executors_lost").asLong() >= 3, summary.toString());
    }

    @Test
    void filesThatCrashOrHangTheProbeEndAsErrorRowsAndTheRestAreProbed() throws Exception {
        Path input = PoisonInputs.write(tmp.resolve("probe-poison"), 7, "aborts.mp4", "hangs.mp4");
        Path out = tmp.resolve("probe-poison-out");
        Scripts.Result job = Scripts.run(
                root,
                env,
                JOB_LIMIT,
                "scripts/submit",
                "--master",
                master,
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.executorEnv." + FaultInjection.ENV + "=probe-abort=aborts.mp4,probe-hang=hangs.mp4",
                // 4 tasks for 9 files: each poison file shares its task with good ones
                "--conf",
                "spark.default.parallelism=1",
                "probe",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--format",
                "json",
                "--decode-timeout",
                "3");
        assertEquals(0, job.exitCode(), job.output());

        Map<String, JsonNode> rows = JsonTables.rows(out, "probe");
        assertEquals(9, rows.size(), rows.keySet().toString());
        assertEquals("crashed", rows.get("aborts").get("error_kind").asText(), rows.toString());
        assertEquals("timeout", rows.get("hangs").get("error_kind").asText(), rows.toString());
        PoisonInputs.assertGoodFilesProbed(rows, 7);
        JsonNode summary = JsonTables.summary(out);
        assertEquals(9, summary.at("/counts/inputs").asInt());
        assertEquals(7, summary.at("/counts/ok").asInt());
        assertEquals(2, summary.at("/counts/failed").asInt());
        assertEquals(1, summary.at("/counts/failed_by_kind/crashed").asInt(), summary.toString());
        // the aborting file killed an executor with its task mate, then again when it ran alone
        assertTrue(summary.at("/counts/executors_lost").asLong() >= 2, summary.toString());
    }

    /** The executor JVMs the workers launched (standalone mode runs them as the workers' children). */
    private static List<ProcessHandle> executors() throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        for (long worker : Scripts.clusterProcesses(tmp.resolve("cluster"))) {
            ProcessHandle.of(worker)
                    .ifPresent(w -> w.descendants()
                            .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                            .forEach(found::add));
        }
        assertTrue(!found.isEmpty(), "no executor JVM found");
        return found;
    }
}
