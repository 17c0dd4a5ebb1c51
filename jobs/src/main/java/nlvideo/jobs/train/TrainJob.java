package nlvideo.jobs.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.train.BatchResult;
import nlvideo.model.train.ClassScores;
import nlvideo.model.train.ClassifierTrainer;
import nlvideo.model.train.ClipBatch;
import nlvideo.model.train.InitialWeights;
import nlvideo.model.train.LearningRateSchedule;
import nlvideo.model.train.TrainSettings;
import nlvideo.model.train.TrainingCheckpoint;
import nlvideo.model.train.TrainingState;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.train.ClipDataset;
import nlvideo.pipeline.train.DecodedVideo;
import nlvideo.pipeline.train.TrainingClips;
import nlvideo.pipeline.transform.ClipTensor;

/**
 * Trains an NL-I3D classifier on in-memory videos and writes a {@link TrainingCheckpoint} folder,
 * {@code history.csv}, {@code labels.txt} and {@code val_predictions.csv} (per video, of the best
 * epoch).
 *
 * <p><b>Where it runs.</b> In the driver JVM, as one process using every core through PyTorch's
 * intra-op threads. Spreading training over Spark executors would need the gradients of every
 * step summed across them (an all-reduce), which Spark's task model does not offer and which is
 * out of scope; the datasets this serves are small, and once decoded into memory
 * ({@link ClipDataset}) an epoch is bound by the network's arithmetic on the CPU, not by I/O.
 *
 * <p><b>Reproducibility.</b> Epoch {@code e} shuffles the videos, draws each one's clip and seeds
 * PyTorch's generator (dropout) from (seed, e) alone, and the checkpoint holds the weights, the
 * batch-norm statistics and the momentum buffers, so a run resumed after epoch {@code e} ends
 * with the same weights as one that never stopped.
 */
public final class TrainJob {
    public static final String HISTORY = "history.csv";
    public static final String LABELS = "labels.txt";
    public static final String VAL_PREDICTIONS = "val_predictions.csv";

    private final ModelConfig config;
    private final LabelList labels;
    private final ClipDataset train;
    private final ClipDataset val;
    private final TrainingClips clips;
    private final Path output;
    private final PrintStream log;
    private int stopAfter = Integer.MAX_VALUE;

    /**
     * @param config the network as saved to {@code model.yaml} (class count = label count)
     * @param clips how clips are cut: the preset's protocol
     */
    public TrainJob(
            ModelConfig config,
            LabelList labels,
            ClipDataset train,
            ClipDataset val,
            TrainingClips clips,
            Path output,
            PrintStream log) {
        if (config.numClasses() != labels.size()) {
            throw new IllegalArgumentException(
                    "model has " + config.numClasses() + " classes, labels " + labels.size());
        }
        this.config = config;
        this.labels = labels;
        this.train = train;
        this.val = val;
        this.clips = clips;
        this.output = output;
        this.log = log;
    }

    /** Stops this invocation after epoch {@code epoch} (1-based) even if the run has more to go; --resume continues it. */
    public TrainJob stopAfter(int epoch) {
        this.stopAfter = epoch;
        return this;
    }

    /** The network trained: the config with the logit head when the preset tests fully convolutionally. */
    static ModelConfig trainingConfig(ModelConfig config) {
        return config.outputsProbabilities() ? config.withHead(config.head().withLogits()) : config;
    }

    /** Starts a run from {@code init} (or seeded weights) and trains it to the end. */
    public TrainingState start(TrainingState initial, Path init, boolean newClassifier) throws IOException {
        Files.createDirectories(output);
        TrainingCheckpoint.writeConfig(output, config);
        Files.write(output.resolve(LABELS), labels.names());
        Files.deleteIfExists(output.resolve(HISTORY));
        try (Model model = NlI3d.newModel(trainingConfig(config), Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            log.println("initial weights: "
                    + InitialWeights.apply(
                            net, init, newClassifier, initial.settings().seed()));
            try (ClassifierTrainer trainer = trainer(net, model, initial.settings())) {
                return run(trainer, initial);
            }
        }
    }

    /** Continues the run saved in the output folder, possibly to a new total of epochs. */
    public TrainingState resume(TrainSettings settings) throws IOException {
        try (Model model = NlI3d.newModel(trainingConfig(config), Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            try (ClassifierTrainer trainer = trainer(net, model, settings)) {
                TrainingState state = TrainingCheckpoint.restore(output, net, trainer.optimizer());
                log.printf(
                        Locale.ROOT,
                        "resuming %s after epoch %d of %d%n",
                        output,
                        state.epochsDone(),
                        settings.epochs());
                return run(trainer, state.withSettings(settings));
            }
        }
    }

    private static ClassifierTrainer trainer(NlI3d net, Model model, TrainSettings s) {
        return new ClassifierTrainer(net, model.getNDManager(), s.momentum(), s.weightDecay());
    }

    private TrainingState run(ClassifierTrainer trainer, TrainingState state) throws IOException {
        TrainSettings s = state.settings();
        LearningRateSchedule schedule = s.learningRate();
        while (!state.finished() && state.epochsDone() < stopAfter) {
            int epoch = state.epochsDone();
            long start = System.nanoTime();
            Engine.getInstance().setRandomSeed((int) mix(s.seed(), epoch, -1));
            List<Integer> order = shuffled(train.size(), mix(s.seed(), epoch, -2));
            int steps = (order.size() + s.batchSize() - 1) / s.batchSize();
            BatchResult seen = BatchResult.NONE;
            for (int b = 0; b < steps; b++) {
                List<ClipTensor> batch = new ArrayList<>();
                List<Integer> batchLabels = new ArrayList<>();
                for (int i = b * s.batchSize(); i < Math.min(order.size(), (b + 1) * s.batchSize()); i++) {
                    DecodedVideo v = train.videos().get(order.get(i));
                    batch.add(clips.random(v, mix(s.seed(), epoch, order.get(i))));
                    batchLabels.add(v.label());
                }
                double lr = schedule.rate(epoch + (double) b / steps);
                seen = seen.plus(trainer.train(batchOf(batch, batchLabels), lr));
            }
            Validation v = validate(trainer, s.batchSize());
            TrainingState next = state.next(v.top1());
            TrainingCheckpoint.save(output, trainer.network(), trainer.optimizer(), next);
            if (next.bestEpoch() == epoch + 1) {
                TrainingCheckpoint.writeWeights(output.resolve(TrainingCheckpoint.BEST), trainer.network());
                Files.write(output.resolve(VAL_PREDICTIONS), v.predictions());
            }
            EpochRecord record = new EpochRecord(
                    epoch + 1,
                    schedule.rate(epoch),
                    seen.meanLoss(),
                    seen.accuracy(),
                    v.loss(),
                    v.top1(),
                    (System.nanoTime() - start) / 1e9);
            record.appendTo(output.resolve(HISTORY));
            log.println(record.line(s.epochs()));
            state = next;
        }
        log.printf(
                Locale.ROOT,
                "best val top1 %.2f%% at epoch %d: %s%n",
                100 * Math.max(0, state.bestTop1()),
                state.bestEpoch(),
                output.resolve(TrainingCheckpoint.BEST));
        return state;
    }

    /** Validation figures: clip-level loss and top-1, and per-video predictions (mean softmax). */
    record Validation(double loss, double top1, List<String> predictions) {}

    private Validation validate(ClassifierTrainer trainer, int batchSize) {
        double loss = 0;
        int hits = 0, count = 0;
        List<String> rows = new ArrayList<>(List.of("video_id,label,predicted,score"));
        for (DecodedVideo video : val.videos()) {
            List<ClipTensor> views = clips.test(video);
            double[] mean = new double[labels.size()];
            for (int from = 0; from < views.size(); from += batchSize) {
                List<ClipTensor> part = views.subList(from, Math.min(views.size(), from + batchSize));
                List<Integer> same = new ArrayList<>();
                part.forEach(c -> same.add(video.label()));
                for (float[] logits : trainer.logits(batchOf(part, same))) {
                    loss += ClassScores.crossEntropy(logits, video.label());
                    double[] p = ClassScores.softmax(logits);
                    if (ClassScores.argMax(p) == video.label()) {
                        hits++;
                    }
                    count++;
                    for (int k = 0; k < p.length; k++) {
                        mean[k] += p[k] / views.size();
                    }
                }
            }
            int predicted = ClassScores.argMax(mean);
            rows.add(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%.6f",
                    csv(video.ref().videoId()),
                    csv(labels.name(video.label())),
                    csv(labels.name(predicted)),
                    mean[predicted]));
        }
        return count == 0
                ? new Validation(Double.NaN, 0, rows)
                : new Validation(loss / count, (double) hits / count, rows);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static ClipBatch batchOf(List<ClipTensor> clips, List<Integer> labels) {
        ClipTensor first = clips.get(0);
        int per = first.data().length;
        float[] data = new float[per * clips.size()];
        int[] y = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i).data(), 0, data, i * per, per);
            y[i] = labels.get(i);
        }
        return new ClipBatch(data, new long[] {clips.size(), 3, first.frames(), first.height(), first.width()}, y);
    }

    /** A Fisher-Yates shuffle of 0..n-1. */
    static List<Integer> shuffled(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        return order;
    }

    /** One well-spread seed from (run seed, epoch, video index). */
    static long mix(long seed, int epoch, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index).nextLong();
    }
}
