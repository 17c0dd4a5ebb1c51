package nlvideo.pipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.ManifestReader;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written dataset: layout, balance, decodability and determinism by seed. */
class SyntheticDatasetTest {
    private static final int FRAMES = 32;
    private static final int SIZE = 64;

    @TempDir
    static Path tmp;

    static Path first;
    static Path again;
    static Path otherSeed;

    @BeforeAll
    static void writeDatasets() throws Exception {
        SyntheticDataset.Config config = SyntheticDataset.Config.of(7, 20, 10, 10);
        first = tmp.resolve("first");
        again = tmp.resolve("again");
        otherSeed = tmp.resolve("other-seed");
        SyntheticDataset.write(first, config.withThreads(2));
        SyntheticDataset.write(again, config.withThreads(1));
        SyntheticDataset.write(otherSeed, SyntheticDataset.Config.of(8, 10, 0, 0));
    }

    @Test
    void sameSeedGivesIdenticalManifestsFramesAndFiles() throws Exception {
        for (String name : List.of("train.csv", "val.csv", "test.csv", "labels.txt")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(name)), Files.readAllBytes(again.resolve(name)), name);
        }
        for (VideoRef ref : ManifestReader.read(first.resolve("train.csv"))) {
            Path a = Path.of(ref.path());
            Path b = again.resolve(first.relativize(a));
            assertArrayEquals(firstFrame(a), firstFrame(b), ref.videoId());
            // documented: same FFmpeg build, same bytes
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), ref.videoId());
        }
    }

    @Test
    void anotherSeedGivesAnotherDataset() throws Exception {
        assertFalse(Arrays.equals(
                Files.readAllBytes(first.resolve("train.csv")), Files.readAllBytes(otherSeed.resolve("train.csv"))));
        List<VideoRef> a = ManifestReader.read(first.resolve("train.csv"));
        List<VideoRef> b = ManifestReader.read(otherSeed.resolve("train.csv"));
        for (int i = 0; i < b.size(); i++) {
            assertFalse(
                    Arrays.equals(
                            firstFrame(Path.of(a.get(i).path())),
                            firstFrame(Path.of(b.get(i).path()))),
                    a.get(i).videoId());
        }
        // a split left at 0 still has its manifest, with the header alone
        assertEquals(List.of("path,video_id,label"), Files.readAllLines(otherSeed.resolve("val.csv")));
    }

    @Test
    void everyClassInEverySplitInBalancedCounts() {
        LabelList labels = LabelList.load("synthetic-motion");
        Map<String, Integer> sizes = Map.of("train", 20, "val", 10, "test", 10);
        for (var split : sizes.entrySet()) {
            List<VideoRef> refs = ManifestReader.read(first.resolve(split.getKey() + ".csv"));
            assertEquals(split.getValue(), refs.size());
            Map<String, Integer> perClass = new TreeMap<>();
            for (VideoRef ref : refs) {
                assertEquals(1, ref.labels().size());
                String label = ref.labels().get(0);
                labels.require(label);
                perClass.merge(label, 1, Integer::sum);
                Path file = Path.of(ref.path());
                assertTrue(Files.isRegularFile(file), ref.path());
                assertEquals(
                        split.getKey(),
                        file.getParent().getParent().getFileName().toString());
                assertEquals(label, file.getParent().getFileName().toString());
                assertEquals(ref.videoId() + ".mp4", file.getFileName().toString());
            }
            int each = split.getValue() / MotionClass.values().length;
            assertEquals(MotionClass.values().length, perClass.size(), split.getKey() + ": " + perClass);
            perClass.forEach((label, n) -> assertEquals(each, n, split.getKey() + " " + label));
        }
    }

    @Test
    void unevenCountsDifferByAtMostOne() {
        var config = SyntheticDataset.Config.of(3, 13, 0, 27);
        for (String split : List.of("train", "test")) {
            int[] counts = new int[MotionClass.values().length];
            SyntheticDataset.plan(config).stream()
                    .filter(i -> i.split().equals(split))
                    .forEach(i -> counts[i.motionClass().ordinal()]++);
            int min = Arrays.stream(counts).min().orElseThrow();
            int max = Arrays.stream(counts).max().orElseThrow();
            assertTrue(max - min <= 1, split + " " + Arrays.toString(counts));
            assertEquals(config.counts().get(split), Arrays.stream(counts).sum());
        }
    }

    @Test
    void labelsFileMatchesTheBundledList() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("nlvideo/labels/synthetic-motion.txt")) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(first.resolve("labels.txt")));
        }
        assertEquals(MotionClass.labels(), LabelList.load("synthetic-motion").names());
        assertEquals(10, MotionClass.labels().size());
    }

    @Test
    void videosDecodeWithTheirFrameCountAndSize() throws Exception {
        int[] all = IntStream.range(0, FRAMES).toArray();
        for (VideoRef ref : ManifestReader.read(first.resolve("val.csv"))) {
            Path file = Path.of(ref.path());
            VideoInfo info = VideoProbe.probe(file);
            assertEquals(SIZE, info.width());
            assertEquals(SIZE, info.height());
            assertEquals(FRAMES, info.frameCount());
            assertFalse(info.frameCountEstimated());
            assertEquals(16.0, info.avgFps(), 1e-6);
            DecodedFrames frames = new VideoDecoder(0).decodeIndices(file, info, all);
            assertEquals(FRAMES, frames.decodedFrameCount());
            assertEquals(0, frames.paddedIndices());
            assertEquals(FRAMES, frames.asMap().size());
        }
    }

    @Test
    void decodedFramesAreCloseToTheRenderedScene() throws Exception {
        var config = SyntheticDataset.Config.of(7, 20, 10, 10);
        SyntheticDataset.Item item = SyntheticDataset.plan(config).get(0);
        Path file = first.resolve(item.path());
        Scene scene = SyntheticDataset.scene(config, item);
        assertEquals(item.motionClass().label, file.getParent().getFileName().toString());
        DecodedFrames decoded = new VideoDecoder(0).decodeIndices(file, VideoProbe.probe(file), new int[] {0, 15, 31});
        byte[] rendered = new byte[SIZE * SIZE * 3];
        for (int t : new int[] {0, 15, 31}) {
            scene.render(t, rendered);
            byte[] got = decoded.frame(t);
            double sum = 0;
            for (int i = 0; i < got.length; i++) {
                sum += Math.abs((got[i] & 0xFF) - (rendered[i] & 0xFF));
            }
            double mean = sum / got.length;
            // H.264 at crf 20 with 4:2:0 chroma on a noisy picture: a few levels off on average
            assertTrue(mean < 12, "frame " + t + " mean abs error " + mean);
        }
    }

    @Test
    void badConfigIsRefused() {
        var ok = SyntheticDataset.Config.of(1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> ok.withSize(15));
        assertThrows(IllegalArgumentException.class, () -> ok.withSize(33));
        assertThrows(IllegalArgumentException.class, () -> ok.withFrames(1));
        assertThrows(IllegalArgumentException.class, () -> ok.withFps(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.Config.of(1, -1, 0, 0));
        assertNotEquals(ok, ok.withSize(32));
    }

    private static byte[] firstFrame(Path file) throws Exception {
        return new VideoDecoder(0)
                .decodeIndices(file, VideoProbe.probe(file), new int[] {0})
                .frame(0);
    }
}
