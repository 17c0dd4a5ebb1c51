package nlvideo.pipeline.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import nlvideo.pipeline.aggregate.TopK;

/**
 * Single-label (Kinetics) accuracy over ALL annotated videos: a video that is missing or failed to
 * decode counts as wrong, as in the paper's evaluation, and is counted apart so the table shows
 * how much of the gap is data rather than model. Unlabeled videos are skipped (and counted).
 *
 * <p>Per-class accuracy is top-1 recall within each true class; mean class accuracy averages it
 * over the classes that have videos. Clip accuracy is top-1 of each clip's own scores over the clips
 * of predicted videos.
 */
public final class AccuracyReport {
    private final int classes;
    private int videos;
    private int predicted;
    private int missing;
    private int failed;
    private int unlabeled;
    private int top1Correct;
    private int top5Correct;
    private final int[] classVideos;
    private final int[] classCorrect;
    private long clips;
    private long clipsCorrect;
    private final ConfusionMatrix confusion;

    private AccuracyReport(int classes) {
        this.classes = classes;
        classVideos = new int[classes];
        classCorrect = new int[classes];
        confusion = new ConfusionMatrix(classes);
    }

    /**
     * @throws IllegalArgumentException for a video with several labels (use {@link MeanAveragePrecision}),
     *                                  a label outside the classes, or scores of the wrong length
     */
    public static AccuracyReport compute(List<VideoPrediction> videos, int classes) {
        AccuracyReport r = new AccuracyReport(classes);
        for (VideoPrediction v : videos) {
            r.add(v);
        }
        return r;
    }

    private void add(VideoPrediction v) {
        if (v.labels().length == 0) {
            unlabeled++;
            return;
        }
        if (v.labels().length > 1) {
            throw new IllegalArgumentException(v.videoId() + " has " + v.labels().length
                    + " labels; accuracy is for single-label videos, use mAP");
        }
        int truth = v.labels()[0];
        if (truth < 0 || truth >= classes) {
            throw new IllegalArgumentException(v.videoId() + ": label " + truth + " outside 0.." + (classes - 1));
        }
        videos++;
        classVideos[truth]++;
        switch (v.status()) {
            case MISSING -> missing++;
            case FAILED -> failed++;
            case PREDICTED -> {
                checkLength(v.videoId(), v.scores());
                predicted++;
                int[] top = TopK.indices(v.scores(), 5);
                if (top[0] == truth) {
                    top1Correct++;
                    classCorrect[truth]++;
                }
                for (int c : top) {
                    if (c == truth) {
                        top5Correct++;
                        break;
                    }
                }
                confusion.add(truth, top[0]);
                for (int clipClass : v.clipTop1()) {
                    if (clipClass < 0 || clipClass >= classes) {
                        throw new IllegalArgumentException(
                                v.videoId() + ": clip class " + clipClass + " outside 0.." + (classes - 1));
                    }
                    clips++;
                    if (clipClass == truth) {
                        clipsCorrect++;
                    }
                }
            }
        }
    }

    private void checkLength(String id, float[] scores) {
        if (scores.length != classes) {
            throw new IllegalArgumentException(id + ": " + scores.length + " scores for " + classes + " classes");
        }
    }

    /** Labeled videos evaluated (predicted + missing + failed). */
    public int videos() {
        return videos;
    }

    /** Labeled videos with a prediction. */
    public int predicted() {
        return predicted;
    }

    /** Labeled videos whose file was not found (counted wrong). */
    public int missing() {
        return missing;
    }

    /** Labeled videos that could not be classified (counted wrong). */
    public int failed() {
        return failed;
    }

    /** Videos without a label, left out of every figure. */
    public int unlabeled() {
        return unlabeled;
    }

    /** Videos whose top-1 class is their label. */
    public int top1Correct() {
        return top1Correct;
    }

    /** Videos whose label is among their 5 best classes. */
    public int top5Correct() {
        return top5Correct;
    }

    /** Top-1 accuracy over all labeled videos (NaN when there are none). */
    public double top1() {
        return ratio(top1Correct, videos);
    }

    /** Top-5 accuracy over all labeled videos, in [0, 1] (NaN when there are none). */
    public double top5() {
        return ratio(top5Correct, videos);
    }

    /** Top-1 accuracy over the videos that have a prediction only, for comparison. */
    public double top1OfPredicted() {
        return ratio(top1Correct, predicted);
    }

    /** Top-1 recall of class {@code c}; NaN when it has no videos. */
    public double classAccuracy(int c) {
        return ratio(classCorrect[c], classVideos[c]);
    }

    /** Labeled videos of class {@code c}. */
    public int classVideos(int c) {
        return classVideos[c];
    }

    /** Mean of per-class accuracy over the classes with at least one video. */
    public double meanClassAccuracy() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            if (classVideos[c] > 0) {
                sum += classAccuracy(c);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Views (clip x crop) whose own top-1 was scored. */
    public long clips() {
        return clips;
    }

    /** Top-1 accuracy of single clips; NaN when no clip scores were given. */
    public double clipAccuracy() {
        return ratio(clipsCorrect, clips);
    }

    /** Truth x top-1 counts of the predicted videos. */
    public ConfusionMatrix confusion() {
        return confusion;
    }

    /**
     * The headline metrics by key, in table order: counts (videos, predicted, missing, failed,
     * unlabeled, clips) and rates in [0, 1] (NaN when undefined). The same keys name the rows of
     * {@link #summaryTable()} and the results in a job's {@code summary.json}.
     */
    public Map<String, Number> summary() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("videos", videos);
        m.put("predicted", predicted);
        m.put("missing", missing);
        m.put("failed", failed);
        m.put("unlabeled", unlabeled);
        m.put("top1", top1());
        m.put("top5", top5());
        m.put("top1_of_predicted", top1OfPredicted());
        m.put("mean_class_accuracy", meanClassAccuracy());
        m.put("clips", clips);
        m.put("clip_top1", clipAccuracy());
        return m;
    }

    /** {@link #summary()} as a {@code metric,value} table. */
    public Table summaryTable() {
        return Table.ofMetrics(summary());
    }

    /** One row per class: name, videos, correct, accuracy. */
    public Table perClassTable(IntFunction<String> className) {
        Table table = new Table("class", "videos", "correct", "accuracy");
        for (int c = 0; c < classes; c++) {
            table.add(className.apply(c), classVideos[c], classCorrect[c], classAccuracy(c));
        }
        return table;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
