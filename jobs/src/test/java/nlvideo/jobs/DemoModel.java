package nlvideo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests that run the demo model share: its options (demo-nl-i3d with the committed
 * weights and the synthetic-motion classes), an embedded Spark of two cores, and the
 * synthetic-motion videos it was trained to tell apart, made by {@code make-dataset}.
 */
public final class DemoModel {

    /** {@code --model}, {@code --weights} and {@code --labels} of the demo model. */
    public static final List<String> OPTIONS = List.of(
            "--model",
            "demo-nl-i3d",
            "--weights",
            Path.of("..", "conf", "weights", "demo-nl-i3d.nlw")
                    .toAbsolutePath()
                    .normalize()
                    .toString(),
            "--labels",
            "synthetic-motion");

    /** Embedded Spark on two cores, no web UI. */
    public static final List<String> SPARK = List.of("--master", "local[2]", "--spark-conf", "spark.ui.enabled=false");

    private DemoModel() {}

    /**
     * Writes a synthetic-motion dataset ({@code make-dataset}, 64-pixel 2-second videos) with
     * {@code train} training and {@code test} test videos and no validation split.
     *
     * @return {@code out}, holding {@code train.csv}, {@code test.csv} and {@code videos/}
     */
    public static Path dataset(Path out, int seed, int train, int test) {
        assertEquals(
                0,
                Main.run(
                        "make-dataset",
                        "--output",
                        out.toString(),
                        "--seed",
                        Integer.toString(seed),
                        "--train",
                        Integer.toString(train),
                        "--val",
                        "0",
                        "--test",
                        Integer.toString(test)));
        return out;
    }

    /** {@code args}, then the demo model's options and {@link #SPARK}. */
    public static String[] withDemoModel(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(OPTIONS);
        all.addAll(SPARK);
        return all.toArray(new String[0]);
    }

    /** {@code args}, then {@link #SPARK}. */
    public static String[] withSpark(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(SPARK);
        return all.toArray(new String[0]);
    }
}
