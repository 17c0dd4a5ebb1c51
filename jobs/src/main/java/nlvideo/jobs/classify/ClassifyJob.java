package nlvideo.jobs.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.aggregate.VideoAggregator;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Classification end to end, shared by {@code classify}, {@code evaluate} and
 * {@code extract-features}: probe every video on the executors, plan its clips on the driver, cut
 * the clips into work units balanced over the partitions, decode and infer in the same task, and
 * fold the clip scores into one outcome per video. Only descriptors and scores cross the network.
 */
public final class ClassifyJob {

    /** How the job runs, beside the model and the protocol. */
    public record Settings(
            int batchSize, int clipsPerUnit, VideoAggregator.Method aggregation, boolean features, int partitions)
            implements java.io.Serializable {}

    /**
     * The job's result: one outcome per input (in input order), and the per-view rows.
     *
     * @param timings wall seconds of the driver's stages ({@code probe}, {@code plan}, {@code classify},
     *     {@code aggregate}, {@code total}) and the executors' summed stage seconds ({@link StageTimes#seconds})
     * @param perView seconds per view of each executor stage ({@link StageTimes#perView})
     */
    public record Result(
            List<VideoOutcome> videos,
            JavaRDD<ClipResult> clips,
            Map<String, Double> timings,
            Map<String, Object> perView) {}

    private final SparkSession spark;
    private final ModelSpec spec;
    private final ClipProtocol protocol;
    private final Settings settings;
    private final String name;

    public ClassifyJob(String name, SparkSession spark, ModelSpec spec, ClipProtocol protocol, Settings settings) {
        this.name = name;
        this.spark = spark;
        this.spec = spec;
        this.protocol = protocol;
        this.settings = settings;
    }

    public Result run(List<VideoRef> inputs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();

        // 1. probe on the executors (cheap); failures become outcomes here
        jsc.setJobDescription(name + ": probe " + inputs.size() + " videos");
        int slices = Math.max(1, Math.min(inputs.size(), jsc.defaultParallelism() * 4));
        List<Probed> probed = jsc.parallelize(inputs, slices)
                .setName(name + " inputs")
                .map(ClassifyJob::probe)
                .setName(name + " probe")
                .collect();
        timings.put("probe", seconds(t0));

        // 2. plan clips and cut work units on the driver
        Map<String, VideoOutcome> failed = new HashMap<>();
        Map<Probed, List<ClipWindow>> planned = new LinkedHashMap<>();
        for (Probed p : probed) {
            if (p.errorKind() != null) {
                failed.put(p.ref().videoId(), VideoOutcome.failed(p.ref(), p.errorKind(), p.errorMessage()));
                continue;
            }
            try {
                planned.put(p, protocol.windows(p.info()));
            } catch (IllegalArgumentException e) {
                failed.put(p.ref().videoId(), VideoOutcome.failed(p.ref(), "too_short", e.getMessage()));
            }
        }
        int partitions = settings.partitions() > 0 ? settings.partitions() : jsc.defaultParallelism() * 4;
        long totalClips = planned.values().stream().mapToLong(List::size).sum();
        int clipsPerUnit =
                settings.clipsPerUnit() > 0 ? settings.clipsPerUnit() : WorkUnits.clipsPerUnit(totalClips, partitions);
        List<WorkUnit> units = new ArrayList<>();
        Map<String, Integer> unitsPerVideo = new HashMap<>();
        planned.forEach((p, windows) -> {
            List<WorkUnit> split = WorkUnits.split(p.ref().videoId(), p.ref().path(), p.info(), windows, clipsPerUnit);
            unitsPerVideo.put(p.ref().videoId(), split.size());
            units.addAll(split);
        });

        // 3. decode + infer, balanced over the partitions
        List<List<WorkUnit>> bins = WorkUnits.balance(units, partitions);
        timings.put("plan", seconds(t0) - timings.get("probe"));
        Progress progress = new Progress(spark.sparkContext());
        StageTimes times = new StageTimes(spark.sparkContext());
        boolean probabilities = spec.config().head().type() == ModelConfig.HeadType.FULLY_CONVOLUTIONAL;
        VideoAggregator aggregator = new VideoAggregator(settings.aggregation());
        long t1 = System.nanoTime();
        jsc.setJobDescription(
                name + ": decode and classify " + units.size() + " work units of " + unitsPerVideo.size() + " videos");
        JavaRDD<ClipResult> clips = jsc.parallelize(bins, Math.max(1, bins.size()))
                .flatMap(List::iterator)
                .setName(name + " work units")
                .mapPartitions(
                        new ClipInference(spec, protocol, settings.batchSize(), settings.features(), progress, times))
                .setName(name + " decode + infer")
                .persist(StorageLevel.MEMORY_AND_DISK());
        try (ProgressLine line =
                ProgressLine.start(name, progress, times, unitsPerVideo, inputs.size() - failed.size(), totalClips)) {
            clips.count(); // decode + infer, kept for the aggregation and the tables
        }
        timings.put("classify", seconds(t1));
        long t2 = System.nanoTime();
        Map<String, VideoFold> folds = clips.mapToPair(c -> new Tuple2<>(c.videoId(), c))
                .aggregateByKey(new VideoFold(aggregator, probabilities), VideoFold::add, VideoFold::merge)
                .collectAsMap();
        timings.put("aggregate", seconds(t2));

        // 4. exactly one outcome per input, in input order
        List<VideoOutcome> outcomes = new ArrayList<>(inputs.size());
        for (VideoRef ref : inputs) {
            VideoOutcome f = failed.get(ref.videoId());
            VideoFold fold = folds.get(ref.videoId());
            if (f != null) {
                outcomes.add(f);
            } else if (fold == null) {
                outcomes.add(VideoOutcome.failed(ref, "empty", "no clip was classified"));
            } else if (fold.failed()) {
                outcomes.add(VideoOutcome.failed(ref, fold.errorKind(), fold.errorMessage()));
            } else {
                outcomes.add(VideoOutcome.predicted(ref, fold));
            }
        }
        timings.put("total", seconds(t0));
        times.seconds().forEach((stage, s) -> timings.put("executors_" + stage, s));
        return new Result(outcomes, clips, timings, times.perView());
    }

    /** A probed input: its stream facts, or why it cannot be used. */
    record Probed(VideoRef ref, VideoInfo info, String errorKind, String errorMessage)
            implements java.io.Serializable {}

    static Probed probe(VideoRef ref) {
        if (ref.isMissing()) {
            return new Probed(ref, null, "not_found", "no video file found for " + ref.videoId());
        }
        try {
            return new Probed(ref, VideoProbe.probe(Path.of(ref.path())), null, null);
        } catch (VideoException e) {
            return new Probed(ref, null, e.kind().code(), e.getMessage());
        } catch (RuntimeException e) {
            return new Probed(ref, null, "unreadable", e.toString());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
