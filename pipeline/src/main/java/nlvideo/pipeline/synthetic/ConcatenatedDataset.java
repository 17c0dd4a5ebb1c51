package nlvideo.pipeline.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Untrimmed synthetic-motion videos with known segments: each video joins {@code parts} scenes of
 * different classes one after the other, every scene {@code config.frames()} frames long and drawn
 * from its own seed (its own background and distractor, as a cut between shots). Consecutive
 * parts always differ in class; with at most 10 parts, all parts of a video differ.
 *
 * <p>Written to {@code videos/SPLIT/ID.EXT}, with a manifest per split ({@code SPLIT.csv}:
 * {@code path,video_id,labels}, the classes in order, {@code ;}-separated), {@code segments.csv}
 * ({@code video_id,start_s,end_s,label}: part k spans [k x frames / fps, (k + 1) x frames / fps)
 * seconds) and {@code labels.txt}. The same seed gives the same videos, as for
 * {@link SyntheticDataset}.
 */
public final class ConcatenatedDataset {

    /** One planned video: its parts' classes and scene seeds, in play order. */
    public record Item(String split, String videoId, List<MotionClass> classes, long[] seeds, String path) {

        /** Start of part {@code k} in seconds. */
        public double start(int k, SyntheticDataset.Config config) {
            return k * config.frames() / config.fps();
        }
    }

    private ConcatenatedDataset() {}

    /**
     * The videos a config describes, {@code parts} scenes each, split by split.
     *
     * @throws IllegalArgumentException when parts is below 2
     */
    public static List<Item> plan(SyntheticDataset.Config config, int parts) {
        if (parts < 2) {
            throw new IllegalArgumentException("a concatenated video needs at least 2 parts, got " + parts);
        }
        List<Item> items = new ArrayList<>();
        MotionClass[] all = MotionClass.values();
        for (String split : SyntheticDataset.SPLITS) {
            SplittableRandom random = SyntheticDataset.splitRandom(config.seed(), split);
            for (int i = 0; i < config.counts().getOrDefault(split, 0); i++) {
                List<MotionClass> order = new ArrayList<>(Arrays.asList(all));
                for (int j = order.size() - 1; j > 0; j--) { // Fisher-Yates, from the split's own stream
                    Collections.swap(order, j, random.nextInt(j + 1));
                }
                List<MotionClass> classes = new ArrayList<>(parts);
                long[] seeds = new long[parts];
                for (int k = 0; k < parts; k++) {
                    MotionClass c = order.get(k % all.length);
                    if (k > 0 && c == classes.get(k - 1)) {
                        c = order.get((k + 1) % all.length); // only when parts > 10: keep neighbours apart
                    }
                    classes.add(c);
                    seeds[k] = random.nextLong();
                }
                String id = String.format(Locale.ROOT, "%s-concat-%05d", split, i);
                String path = "videos/" + split + "/" + id + "." + config.format().extension;
                items.add(new Item(split, id, List.copyOf(classes), seeds, path));
            }
        }
        return items;
    }

    /**
     * Writes every video, the manifests of the splits with a count, {@code segments.csv} and
     * {@code labels.txt} into {@code dir} (created if missing).
     *
     * @return the items written, in manifest order
     * @throws IOException when a file cannot be written or a video cannot be encoded
     */
    public static List<Item> write(Path dir, SyntheticDataset.Config config, int parts) throws IOException {
        List<Item> items = plan(config, parts);
        Files.createDirectories(dir);
        List<Callable<Void>> jobs = new ArrayList<>();
        for (Item item : items) {
            Files.createDirectories(dir.resolve(item.path()).getParent());
            jobs.add(() -> {
                writeVideo(dir.resolve(item.path()), config, item);
                return null;
            });
        }
        SyntheticDataset.runAll(dir, config.threads(), jobs);
        CSVFormat csv = CSVFormat.RFC4180.builder().setRecordSeparator('\n').build();
        for (String split : SyntheticDataset.SPLITS) {
            if (!config.counts().containsKey(split)) {
                continue;
            }
            try (CSVPrinter out =
                    new CSVPrinter(Files.newBufferedWriter(dir.resolve(split + ".csv"), StandardCharsets.UTF_8), csv)) {
                out.printRecord("path", "video_id", "labels");
                for (Item item : items) {
                    if (item.split().equals(split)) {
                        List<String> labels =
                                item.classes().stream().map(c -> c.label).toList();
                        out.printRecord(item.path(), item.videoId(), String.join(";", labels));
                    }
                }
            }
        }
        try (CSVPrinter out =
                new CSVPrinter(Files.newBufferedWriter(dir.resolve("segments.csv"), StandardCharsets.UTF_8), csv)) {
            out.printRecord("video_id", "start_s", "end_s", "label");
            for (Item item : items) {
                for (int k = 0; k < item.classes().size(); k++) {
                    out.printRecord(
                            item.videoId(),
                            seconds(item.start(k, config)),
                            seconds(item.start(k + 1, config)),
                            item.classes().get(k).label);
                }
            }
        }
        Files.writeString(
                dir.resolve("labels.txt"), String.join("\n", MotionClass.labels()) + "\n", StandardCharsets.UTF_8);
        return items;
    }

    /** Encodes one item: its scenes drawn one after the other, each from its own seed. */
    static void writeVideo(Path file, SyntheticDataset.Config config, Item item) throws IOException {
        int frames = config.frames();
        List<Scene> scenes = new ArrayList<>();
        for (int k = 0; k < item.classes().size(); k++) {
            scenes.add(Scene.random(item.classes().get(k), config.size(), frames, item.seeds()[k]));
        }
        SampleVideos.write(
                file,
                config.format(),
                config.size(),
                config.size(),
                config.fps(),
                frames * scenes.size(),
                SampleVideos.Extras.NONE,
                (t, rgb) -> scenes.get(t / frames).render(t % frames, rgb));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
