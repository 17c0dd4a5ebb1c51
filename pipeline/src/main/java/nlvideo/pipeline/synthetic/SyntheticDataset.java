package nlvideo.pipeline.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nlvideo.pipeline.video.SampleVideos;

/**
 * Writes the synthetic-motion dataset: {@code videos/SPLIT/CLASS/ID.EXT} for the splits train,
 * val and test, a manifest per split ({@code SPLIT.csv}: {@code path,video_id,label}, paths
 * relative to the folder) and {@code labels.txt} (the {@link MotionClass} labels in index order).
 *
 * <p>Each split holds every class in balanced counts (they differ by at most one), in an order
 * shuffled by the seed. <b>Determinism:</b> one seed gives byte-identical manifests and label
 * list and identical pictures, frame by frame, whatever the thread count: each video draws
 * from its own seed, derived from the dataset seed, its split and its position. The encoded files
 * are byte-identical too with the same FFmpeg build (one encoder thread, no timestamps written),
 * but that holds only as long as the encoder does not change; compare decoded frames, not bytes.
 */
public final class SyntheticDataset {

    /** The splits, in the order their seeds are derived. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    /** What to write. {@code counts} maps split name to number of videos (0 is allowed). */
    public record Config(
            long seed,
            Map<String, Integer> counts,
            int size,
            int frames,
            double fps,
            SampleVideos.Format format,
            int threads) {
        public Config {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            for (String split : counts.keySet()) {
                if (!SPLITS.contains(split)) {
                    throw new IllegalArgumentException("unknown split '" + split + "'");
                }
            }
            counts.forEach((split, n) -> {
                if (n < 0) {
                    throw new IllegalArgumentException(split + " count must be >= 0, got " + n);
                }
            });
            if (size < 16 || size % 2 != 0) {
                throw new IllegalArgumentException("size must be even and >= 16, got " + size);
            }
            if (frames < 2) {
                throw new IllegalArgumentException("frames must be >= 2, got " + frames);
            }
            if (!(fps > 0)) {
                throw new IllegalArgumentException("fps must be > 0, got " + fps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        /** {@code train}, {@code val} and {@code test} videos of 32 frames of 64x64 at 16 fps, H.264/MP4, on every core. */
        public static Config of(long seed, int train, int val, int test) {
            return new Config(
                    seed,
                    Map.of("train", train, "val", val, "test", test),
                    64,
                    32,
                    16.0,
                    SampleVideos.Format.H264_MP4,
                    Runtime.getRuntime().availableProcessors());
        }

        /** The same with {@code s} x {@code s} frames (even, at least 16). */
        public Config withSize(int s) {
            return new Config(seed, counts, s, frames, fps, format, threads);
        }

        /** The same with {@code f} frames per video (at least 2). */
        public Config withFrames(int f) {
            return new Config(seed, counts, size, f, fps, format, threads);
        }

        /** The same at {@code r} frames per second. */
        public Config withFps(double r) {
            return new Config(seed, counts, size, frames, r, format, threads);
        }

        /** The same in container/codec {@code f}. */
        public Config withFormat(SampleVideos.Format f) {
            return new Config(seed, counts, size, frames, fps, f, threads);
        }

        /** The same written by {@code t} threads (the videos do not depend on it). */
        public Config withThreads(int t) {
            return new Config(seed, counts, size, frames, fps, format, t);
        }

        int count(String split) {
            return counts.getOrDefault(split, 0);
        }
    }

    /** One planned video: where it goes, its id, class and scene seed. */
    public record Item(String split, String videoId, MotionClass motionClass, long seed, String path) {}

    private SyntheticDataset() {}

    /** The videos a config describes, split by split, in manifest order. Cheap: nothing is drawn. */
    public static List<Item> plan(Config config) {
        List<Item> items = new ArrayList<>();
        MotionClass[] classes = MotionClass.values();
        for (int s = 0; s < SPLITS.size(); s++) {
            String split = SPLITS.get(s);
            int n = config.count(split);
            SplittableRandom random = splitRandom(config.seed(), split);
            List<MotionClass> order = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                order.add(classes[i % classes.length]);
            }
            Collections.shuffle(order, new Random(random.nextLong()));
            for (int i = 0; i < n; i++) {
                MotionClass c = order.get(i);
                String id = String.format("%s-%05d", split, i);
                String path = "videos/" + split + "/" + c.label + "/" + id + "." + config.format().extension;
                items.add(new Item(split, id, c, random.nextLong(), path));
            }
        }
        return items;
    }

    /** The scene an item's video shows. */
    public static Scene scene(Config config, Item item) {
        return Scene.random(item.motionClass(), config.size(), config.frames(), item.seed());
    }

    /**
     * Writes every video, the manifests of the splits with a count and {@code labels.txt} into
     * {@code dir} (created if missing; existing files of the same names are replaced).
     *
     * @return the items written, in manifest order
     */
    public static List<Item> write(Path dir, Config config) throws IOException {
        List<Item> items = plan(config);
        Files.createDirectories(dir);
        for (Item item : items) {
            Files.createDirectories(dir.resolve(item.path()).getParent());
        }
        List<Callable<Void>> jobs = new ArrayList<>();
        for (Item item : items) {
            jobs.add(() -> {
                writeVideo(dir.resolve(item.path()), config, scene(config, item));
                return null;
            });
        }
        runAll(dir, config.threads(), jobs);
        for (String split : SPLITS) {
            if (!config.counts().containsKey(split)) {
                continue;
            }
            StringBuilder csv = new StringBuilder("path,video_id,label\n");
            for (Item item : items) {
                if (item.split().equals(split)) {
                    csv.append(item.path())
                            .append(',')
                            .append(item.videoId())
                            .append(',')
                            .append(item.motionClass().label)
                            .append('\n');
                }
            }
            Files.writeString(dir.resolve(split + ".csv"), csv, StandardCharsets.UTF_8);
        }
        Files.writeString(
                dir.resolve("labels.txt"), String.join("\n", MotionClass.labels()) + "\n", StandardCharsets.UTF_8);
        return items;
    }

    /**
     * Runs the encoding jobs on {@code threads} threads and waits for all of them.
     *
     * @throws IOException the first job's failure
     */
    static void runAll(Path dir, int threads, List<Callable<Void>> jobs) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synthetic-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> job : jobs) {
                done.add(pool.submit(job));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + dir, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The random source of one split's plan, derived from the dataset seed and the split. */
    static SplittableRandom splitRandom(long seed, String split) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + SPLITS.indexOf(split));
    }

    /** Encodes one scene to {@code file}. */
    public static void writeVideo(Path file, Config config, Scene scene) throws IOException {
        SampleVideos.write(
                file,
                config.format(),
                scene.size(),
                scene.size(),
                config.fps(),
                scene.frames(),
                SampleVideos.Extras.NONE,
                scene::render);
    }
}
