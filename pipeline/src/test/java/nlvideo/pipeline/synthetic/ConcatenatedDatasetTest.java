package nlvideo.pipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import nlvideo.pipeline.dataset.CsvTable;
import nlvideo.pipeline.dataset.ManifestReader;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrimmed synthetic videos: parts of different classes, played in order, with their true segments. */
class ConcatenatedDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void partsDifferFromTheirNeighboursAndTheSameSeedGivesTheSamePlan() {
        var config = SyntheticDataset.Config.of(4, 0, 0, 30);
        List<ConcatenatedDataset.Item> items = ConcatenatedDataset.plan(config, 4);
        assertEquals(30, items.size());
        for (ConcatenatedDataset.Item item : items) {
            assertEquals(4, new HashSet<>(item.classes()).size(), "at most 10 parts: all differ");
        }
        for (ConcatenatedDataset.Item item : ConcatenatedDataset.plan(config, 23)) {
            for (int k = 1; k < 23; k++) {
                assertNotEquals(item.classes().get(k - 1), item.classes().get(k));
            }
        }
        assertEquals(
                items.stream().map(ConcatenatedDataset.Item::classes).toList(),
                ConcatenatedDataset.plan(config, 4).stream()
                        .map(ConcatenatedDataset.Item::classes)
                        .toList());
        assertThrows(IllegalArgumentException.class, () -> ConcatenatedDataset.plan(config, 1));
    }

    @Test
    void videosPlayTheirPartsInOrderAndSegmentsSayWhere() throws Exception {
        var config =
                SyntheticDataset.Config.of(9, 0, 0, 2).withFrames(8).withFps(8).withThreads(2);
        List<ConcatenatedDataset.Item> items = ConcatenatedDataset.write(tmp, config, 3);
        List<VideoRef> refs = ManifestReader.read(tmp.resolve("test.csv"));
        CsvTable segments = CsvTable.read(tmp.resolve("segments.csv"));
        assertEquals(List.of("video_id", "start_s", "end_s", "label"), segments.header());
        assertEquals(6, segments.rows().size());
        for (int v = 0; v < 2; v++) {
            ConcatenatedDataset.Item item = items.get(v);
            VideoRef ref = refs.get(v);
            assertEquals(item.videoId(), ref.videoId());
            assertEquals(item.classes().stream().map(c -> c.label).toList(), ref.labels());
            for (int k = 0; k < 3; k++) {
                CsvTable.Row row = segments.rows().get(3 * v + k);
                assertEquals(item.videoId(), row.get(0));
                assertEquals(k * 1.0, Double.parseDouble(row.get(1)), 1e-9);
                assertEquals(k + 1.0, Double.parseDouble(row.get(2)), 1e-9);
                assertEquals(item.classes().get(k).label, row.get(3));
            }
            Path file = Path.of(ref.path());
            VideoInfo info = VideoProbe.probe(file);
            assertEquals(24, info.frameCount());
            // frame 8 + t shows part 1's frame t: closest to that scene, not to part 0's
            DecodedFrames frames = new VideoDecoder(0).decodeIndices(file, info, new int[] {9});
            byte[] part1 = new byte[64 * 64 * 3];
            byte[] part0 = new byte[64 * 64 * 3];
            Scene.random(item.classes().get(1), 64, 8, item.seeds()[1]).render(1, part1);
            Scene.random(item.classes().get(0), 64, 8, item.seeds()[0]).render(1, part0);
            double near = meanAbs(frames.frame(9), part1);
            assertTrue(near < 12 && near < meanAbs(frames.frame(9), part0), "frame 9 is part 1's frame 1: " + near);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("labels.txt")));
    }

    private static double meanAbs(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return sum / a.length;
    }
}
