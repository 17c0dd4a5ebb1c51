package nlvideo.jobs.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import nlvideo.jobs.Main;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.SampleVideos;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;

/**
 * End-to-end cost of the Spark pipeline against its two irreducible parts measured in the same
 * JVM on the same clips, right after it: decoding (probe, decode, transform) on as many threads
 * as Spark has cores, and the network's forward passes at the same batch size on one thread with
 * that many intra-op threads (what the model bench does). What the pipeline adds on top (Spark
 * scheduling, serialisation, waiting for decode, first forwards of new shapes, aggregation) is
 * the overhead. It also sets the job's warm forward time per view (from its summary) against the
 * reference's, the same network, batch and clips.
 *
 * <p>Usage: {@code PipelineBench DIR VIDEOS CLIPS PRESET BATCH}; writes VIDEOS H.264 320x240
 * videos when DIR is empty. The model is loaded before the timed job (a warm-up job on one video),
 * as the reference's is.
 */
public final class PipelineBench {

    static final int CORES = 2;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int videos = Integer.parseInt(args[1]);
        int clips = Integer.parseInt(args[2]);
        String preset = args[3];
        int batch = Integer.parseInt(args[4]);
        if (!Files.isDirectory(dir) || Files.list(dir).findAny().isEmpty()) {
            Files.createDirectories(dir);
            for (int i = 0; i < videos; i++) {
                SampleVideos.write(
                        dir.resolve(String.format("v%03d.mp4", i)), SampleVideos.Format.H264_MP4, 320, 240, 30, 96);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        ModelConfig config = ModelPresets.load(preset);
        TestProtocol in = config.input();
        ClipProtocol protocol = new ClipProtocol(new TestProtocol(
                in.frames(),
                in.stride(),
                in.shortSide(),
                in.crop(),
                clips,
                1,
                in.sampling(),
                in.targetFps(),
                null,
                in.normalization()));

        // warm-up: JIT, FFmpeg and PyTorch natives, Spark classes, the executor's model
        pipeline(files.get(0).toString(), preset, clips, batch, dir.resolveSibling("bench-out-warmup"));
        JsonNode job = pipeline(dir.toString(), preset, clips, batch, dir.resolveSibling("bench-out"));
        double pipeline = job.at("/timings_s/total").asDouble();

        long t0 = System.nanoTime();
        List<ClipTensor> tensors = decodeAll(files, protocol);
        double decode = (System.nanoTime() - t0) / 1e9;
        List<double[]> perClip = inferAll(config, tensors, batch);
        double model = perClip.stream().mapToDouble(t -> t[0]).sum() * batch;
        double median = median(perClip, 0);
        double cpuMedian = median(perClip, 1);

        JsonNode view = job.get("per_view_s");
        System.out.printf(
                Locale.ROOT,
                "%s, batch %d, %d videos, %d clips: job %.2f s (classify %.2f s, aggregate %.2f s); per view: forward"
                        + " %.3f s mean, %.3f s median (warm), wait for decode %.3f s, decode %.3f s; %d first-shape"
                        + " batches %.2f s%n",
                preset,
                batch,
                files.size(),
                tensors.size(),
                pipeline,
                job.at("/timings_s/classify").asDouble(),
                job.at("/timings_s/aggregate").asDouble(),
                view.get("forward").asDouble(),
                view.get("forward_median").asDouble(),
                view.get("wait_decode").asDouble(),
                view.get("decode").asDouble(),
                view.get("first_forward_batches").asInt(),
                job.at("/timings_s/executors_forward_first_shape").asDouble());
        System.out.printf(
                Locale.ROOT,
                "reference: decode %.2f s on %d threads, forward %.3f s per clip median, CPU %.3f s (%.2f s in all,"
                        + " batch %d, %d intra-op threads); load average %s%n",
                decode,
                CORES,
                median,
                cpuMedian,
                model,
                batch,
                CORES,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(
                Locale.ROOT,
                "forward per view, job: %.3f s, alone: %.3f s, ratio: %.2f (medians)%n",
                view.get("forward_median").asDouble(),
                median,
                view.get("forward_median").asDouble() / median);
        System.out.printf(
                Locale.ROOT,
                "forward CPU per view, job: %.3f s, alone: %.3f s, ratio: %.2f (medians; the same work whatever the"
                        + " load)%n",
                view.get("forward_cpu_median").asDouble(),
                cpuMedian,
                view.get("forward_cpu_median").asDouble() / cpuMedian);
        System.out.printf(
                Locale.ROOT,
                "pipeline: %.2f s, decode+model: %.2f s, overhead: %.2f%n",
                pipeline,
                decode + model,
                pipeline / (decode + model));
        System.exit(0);
    }

    /** The classify job's summary; its {@code total} is probe, plan, decode + infer and aggregate. */
    static JsonNode pipeline(String input, String preset, int clips, int batch, Path out) throws Exception {
        int code = Main.run(
                "classify",
                "--input",
                input,
                "--model",
                preset,
                "--output",
                out.toString(),
                "--overwrite",
                "--clips",
                String.valueOf(clips),
                "--crops",
                "1",
                "--batch-size",
                String.valueOf(batch),
                "--master",
                "local[" + CORES + "]",
                "--spark-conf",
                "spark.ui.enabled=false");
        if (code != 0) {
            throw new IllegalStateException("classify failed: " + code);
        }
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    static List<ClipTensor> decodeAll(List<Path> files, ClipProtocol protocol) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CORES);
        List<Future<List<ClipTensor>>> futures = new ArrayList<>();
        for (Path f : files) {
            futures.add(pool.submit(() -> {
                VideoInfo info = VideoProbe.probe(f);
                List<ClipWindow> windows = protocol.windows(info);
                DecodedFrames frames = new VideoDecoder(protocol.shortSide(), 1).decode(f, info, windows);
                ClipTransform transform = new ClipTransform(protocol.normalization());
                List<ClipTensor> out = new ArrayList<>();
                for (ClipWindow w : windows) {
                    out.add(transform.apply(frames, w, protocol.centerCrop()));
                }
                return out;
            }));
        }
        List<ClipTensor> all = new ArrayList<>();
        for (Future<List<ClipTensor>> fu : futures) {
            all.addAll(fu.get());
        }
        pool.shutdown();
        return all;
    }

    static double median(List<double[]> rows, int column) {
        List<Double> values = new ArrayList<>();
        for (double[] r : rows) {
            values.add(r[column]);
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /**
     * Wall and process CPU seconds per clip of each warm batch (after one forward of the batch's
     * shape); nothing else runs in this JVM meanwhile.
     */
    static List<double[]> inferAll(ModelConfig config, List<ClipTensor> tensors, int batch) throws Exception {
        JniUtils.setNumThreads(CORES);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<double[]> perClip = new ArrayList<>();
        try (Model model = NlI3d.newModel(config, ai.djl.Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 0);
            InferenceMode.apply(net);
            int full = tensors.size() / batch * batch; // whole batches only: one shape
            for (int i = -batch; i < full; i += batch) {
                List<ClipTensor> group = tensors.subList(Math.max(i, 0), Math.max(i, 0) + batch);
                ClipTensor first = group.get(0);
                float[] x = new float[batch * first.data().length];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(group.get(b).data(), 0, x, b * first.data().length, first.data().length);
                }
                try (NDManager m = model.getNDManager().newSubManager()) {
                    long start = System.nanoTime();
                    long cpuStart = os.getProcessCpuTime();
                    net.forward(
                                    new ParameterStore(m, false),
                                    new NDList(m.create(
                                            FloatBuffer.wrap(x),
                                            new Shape(batch, 3, first.frames(), first.height(), first.width()))),
                                    false)
                            .get(0)
                            .toFloatArray();
                    if (i >= 0) { // i < 0: the first forward of the shape, not counted
                        perClip.add(new double[] {
                            (System.nanoTime() - start) / 1e9 / batch, (os.getProcessCpuTime() - cpuStart) / 1e9 / batch
                        });
                    }
                }
            }
        }
        return perClip;
    }
}
