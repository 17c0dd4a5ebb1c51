package nlvideo.jobs.bench;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import nlvideo.jobs.Main;
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
 * JVM on the same clips: decoding (probe, decode, transform) and the network's forward passes,
 * each run on as many threads as Spark has cores. What the pipeline adds on top (Spark
 * scheduling, serialisation, the shuffle of scores, aggregation) is the overhead.
 *
 * <p>Usage: {@code PipelineBench DIR VIDEOS CLIPS}; writes the videos when DIR is empty.
 */
public final class PipelineBench {

    static final int CORES = 2;
    static final int BATCH = 4;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int videos = Integer.parseInt(args[1]);
        int clips = Integer.parseInt(args[2]);
        if (!Files.isDirectory(dir) || Files.list(dir).findAny().isEmpty()) {
            Files.createDirectories(dir);
            for (int i = 0; i < videos; i++) {
                SampleVideos.write(
                        dir.resolve(String.format("v%03d.mp4", i)), SampleVideos.Format.H264_MP4, 160, 120, 30, 90);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
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

        // warm-up: JIT, FFmpeg and PyTorch natives, Spark classes
        pipeline(files.get(0).toString(), clips, dir.resolveSibling("bench-out-warmup"));
        double pipeline = pipeline(dir.toString(), clips, dir.resolveSibling("bench-out"));

        long t0 = System.nanoTime();
        List<ClipTensor> tensors = decodeAll(files, protocol);
        double decode = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        inferAll(config, tensors);
        double model = (System.nanoTime() - t0) / 1e9;

        System.out.printf(
                "videos %d, clips %d, decode %.2f s, model %.2f s, pipeline %.2f s (%.1f videos/min)%n",
                files.size(), tensors.size(), decode, model, pipeline, files.size() / pipeline * 60);
        System.out.printf(
                "pipeline: %.2f s, decode+model: %.2f s, overhead: %.2f%n",
                pipeline, decode + model, pipeline / (decode + model));
        System.exit(0);
    }

    /** The classify job's own time (probe, plan, decode + infer, aggregate), from its summary. */
    static double pipeline(String input, int clips, Path out) throws Exception {
        int code = Main.run(
                "classify",
                "--input",
                input,
                "--output",
                out.toString(),
                "--overwrite",
                "--clips",
                String.valueOf(clips),
                "--crops",
                "1",
                "--batch-size",
                String.valueOf(BATCH),
                "--master",
                "local[" + CORES + "]",
                "--spark-conf",
                "spark.ui.enabled=false");
        if (code != 0) {
            throw new IllegalStateException("classify failed: " + code);
        }
        return new ObjectMapper()
                .readTree(out.resolve("summary.json").toFile())
                .at("/timings_s/total")
                .asDouble();
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
        List<ClipTensor> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<ClipTensor>> fu : futures) {
            all.addAll(fu.get());
        }
        pool.shutdown();
        return all;
    }

    static void inferAll(ModelConfig config, List<ClipTensor> tensors) throws Exception {
        try (Model model = NlI3d.newModel(config, ai.djl.Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 0);
            for (Parameter p : net.namedParameters().values()) {
                p.getArray().setRequiresGradient(false);
            }
            ExecutorService pool = Executors.newFixedThreadPool(CORES);
            List<Future<?>> futures = new ArrayList<>();
            int perThread = (tensors.size() + CORES - 1) / CORES;
            for (int t = 0; t < CORES; t++) {
                List<ClipTensor> mine = tensors.subList(
                        Math.min(tensors.size(), t * perThread), Math.min(tensors.size(), (t + 1) * perThread));
                futures.add(pool.submit(() -> {
                    try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
                        for (int i = 0; i < mine.size(); i += BATCH) {
                            List<ClipTensor> batch = mine.subList(i, Math.min(mine.size(), i + BATCH));
                            ClipTensor first = batch.get(0);
                            float[] x = new float[batch.size() * first.data().length];
                            for (int b = 0; b < batch.size(); b++) {
                                System.arraycopy(
                                        batch.get(b).data(), 0, x, b * first.data().length, first.data().length);
                            }
                            try (NDManager m = model.getNDManager().newSubManager()) {
                                p.predict(new NDList(m.create(
                                                FloatBuffer.wrap(x),
                                                new Shape(
                                                        batch.size(),
                                                        3,
                                                        first.frames(),
                                                        first.height(),
                                                        first.width()))))
                                        .get(0)
                                        .toFloatArray();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
    }
}
