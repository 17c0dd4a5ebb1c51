package nlvideo.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nlvideo.jobs.output.JsonTables;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path end to end, the way a user runs it: {@code scripts/local-cluster.sh} starts a
 * real standalone master and two workers on loopback, {@code scripts/submit} runs {@code classify}
 * through SparkSubmit with executors in separate JVMs, its predictions equal those of the same job
 * run embedded in this JVM, and the master's and workers' JSON views show that both workers ran an
 * executor for the application. The cluster is private to the test
 * (its own state folder) and is stopped even when an assertion fails.
 */
class LocalClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration JOB_LIMIT = Duration.ofSeconds(180);

    /** Frames in each good sample video. */
    private static final Map<String, Integer> GOOD_VIDEOS = Map.of("a", 24, "b", 37, "c", 50);

    @TempDir
    Path tmp;

    @Test
    void classifyRunsOnTwoWorkersOfARealStandaloneCluster() throws Exception {
        Path root = Scripts.root();
        Path clusterDir = tmp.resolve("cluster");
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        for (Map.Entry<String, Integer> v : GOOD_VIDEOS.entrySet()) {
            writeVideo(videos.resolve(v.getKey() + ".mp4"), v.getValue());
        }
        Files.write(videos.resolve("broken.mp4"), "not a video at all".getBytes(StandardCharsets.UTF_8));
        Path output = tmp.resolve("out");

        Map<String, String> env = new HashMap<>();
        env.put("NLVIDEO_CLUSTER_DIR", clusterDir.toString());
        env.put("NLVIDEO_CLUSTER_WORKERS", "2");
        env.put("NLVIDEO_WORKER_CORES", "1");
        env.put("NLVIDEO_WORKER_MEMORY", "2g");
        env.put("NLVIDEO_APP_CLASSPATH", Scripts.applicationClassPath(root));
        List<Long> processes;
        try {
            Scripts.Result start = Scripts.run(root, env, START_LIMIT, "scripts/local-cluster.sh", "start");
            assertEquals(0, start.exitCode(), "cluster start failed:\n" + start.output());
            String masterUrl =
                    Files.readString(clusterDir.resolve("master.url")).strip();
            assertEquals(masterUrl, start.stdout().strip(), "start prints the master URL");
            assertTrue(masterUrl.startsWith("spark://127.0.0.1:"), masterUrl);

            Scripts.Result job = Scripts.run(
                    root,
                    env,
                    JOB_LIMIT,
                    "scripts/submit",
                    "--master",
                    masterUrl,
                    "--conf",
                    "spark.executor.memory=1g",
                    "classify",
                    "--input",
                    videos.toString(),
                    "--output",
                    output.toString(),
                    "--format",
                    "json",
                    "--partitions",
                    "4");
            assertEquals(0, job.exitCode(), "submit failed:\n" + job.output());

            Path embedded = tmp.resolve("embedded");
            assertEquals(
                    0,
                    nlvideo.jobs.Main.run(
                            "classify",
                            "--input",
                            videos.toString(),
                            "--output",
                            embedded.toString(),
                            "--format",
                            "json",
                            "--master",
                            "local[2]",
                            "--spark-conf",
                            "spark.ui.enabled=false"));
            checkPredictions(output, embedded);
            checkExecutorsRanOnBothWorkers(clusterDir);
            checkEachExecutorPreloadedTheModel(clusterDir);
            processes = Scripts.clusterProcesses(clusterDir);
        } finally {
            Scripts.run(root, env, Duration.ofSeconds(60), "scripts/local-cluster.sh", "stop");
        }
        assertEquals(3, processes.size(), "master and two workers: " + processes);
        for (long pid : processes) {
            assertFalse(
                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " still alive after stop");
        }
    }

    /**
     * Every input once: the good videos predicted with the same labels and scores as the embedded
     * run (separate executor JVMs, same seeded weights), the broken file an error row.
     */
    private static void checkPredictions(Path cluster, Path embedded) throws IOException {
        Map<String, JsonNode> predicted = JsonTables.rows(cluster, "predictions");
        Map<String, JsonNode> errors = JsonTables.rows(cluster, "errors");
        Map<String, JsonNode> reference = JsonTables.rows(embedded, "predictions");
        assertEquals(GOOD_VIDEOS.keySet(), predicted.keySet(), "predicted: " + predicted.keySet());
        assertEquals(java.util.Set.of("broken"), errors.keySet(), "errors: " + errors.keySet());
        assertEquals("not_a_video", errors.get("broken").get("error_kind").asText());
        for (String id : GOOD_VIDEOS.keySet()) {
            JsonNode c = predicted.get(id);
            JsonNode e = reference.get(id);
            assertEquals(e.get("top_labels"), c.get("top_labels"), id);
            for (int i = 0; i < e.get("top_scores").size(); i++) {
                assertEquals(
                        e.get("top_scores").get(i).asDouble(),
                        c.get("top_scores").get(i).asDouble(),
                        1e-5,
                        id);
            }
        }
        JsonNode summary = JSON.readTree(cluster.resolve("summary.json").toFile());
        assertEquals(GOOD_VIDEOS.size() + 1, summary.at("/counts/inputs").asInt(), summary.toString());
        assertEquals(GOOD_VIDEOS.size(), summary.at("/counts/predicted").asInt(), summary.toString());
        assertTrue(summary.at("/configuration/spark_master").asText().startsWith("spark://"), summary.toString());
    }

    /**
     * The master saw exactly one finished application, and each of the two workers launched an
     * executor JVM for it (standalone mode runs every executor as a child process of its worker).
     */
    private static void checkExecutorsRanOnBothWorkers(Path clusterDir) throws Exception {
        String webui = Files.readString(clusterDir.resolve("master.webui")).strip();
        JsonNode master = getJson(webui + "/json/");
        JsonNode apps = master.get("completedapps");
        assertEquals(1, apps.size(), "completed apps: " + apps);
        String appId = apps.get(0).get("id").asText();

        JsonNode workers = master.get("workers");
        assertEquals(2, workers.size(), "workers: " + workers);
        Set<String> workersWithExecutor = new HashSet<>();
        for (JsonNode worker : workers) {
            JsonNode view = getJson(worker.get("webuiaddress").asText() + "/json/");
            for (String list : List.of("executors", "finishedexecutors")) {
                for (JsonNode executor : view.get(list)) {
                    if (appId.equals(executor.get("appid").asText())) {
                        workersWithExecutor.add(worker.get("id").asText());
                    }
                }
            }
        }
        assertEquals(
                2, workersWithExecutor.size(), "workers that ran an executor of " + appId + ": " + workersWithExecutor);
    }

    /**
     * Each executor built the job's network as it started, before its first classify task
     * (nlvideo.jobs.infer.ModelPreload), and no task built it again: the executor's log (its
     * stderr in the worker's folder) holds the preload's line and one load of the network.
     */
    private static void checkEachExecutorPreloadedTheModel(Path clusterDir) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(clusterDir)) {
            logs = files.filter(p -> p.getFileName().toString().equals("stderr")
                            && p.toString().contains("/app-"))
                    .toList();
        }
        assertEquals(2, logs.size(), "executor logs: " + logs);
        for (Path log : logs) {
            String text = Files.readString(log);
            assertTrue(text.contains("ModelPreload: preloaded tiny-nl-i3d at executor start"), log + ":\n" + text);
            assertEquals(1, text.split("ExecutorModels: loaded tiny-nl-i3d", -1).length - 1, log + ":\n" + text);
        }
    }

    private static void writeVideo(Path file, int frames) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(25);
            recorder.start();
            try (Frame frame = new Frame(64, 48, Frame.DEPTH_UBYTE, 3)) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int i = 0; i < frames; i++) {
                    for (int p = 0; p < pixels.capacity(); p++) {
                        pixels.put(p, (byte) (i * 5 + p));
                    }
                    recorder.record(frame);
                }
            }
            recorder.stop();
        }
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return JSON.readTree(response.body());
    }
}
