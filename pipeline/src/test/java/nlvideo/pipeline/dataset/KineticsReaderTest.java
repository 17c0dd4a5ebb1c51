package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KineticsReaderTest {

    @Test
    void joinsAnnotationsWithFilesAndKeepsMissingOnes(@TempDir Path dir) throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.createDirectories(videos.resolve("abseiling"));
        Files.createDirectories(videos.resolve("zumba"));
        Path first = TinyVideo.write(videos.resolve("abseiling/aaa111_000014_000024.mp4"), 6);
        Files.writeString(videos.resolve("zumba/bbb-22.webm"), "x");
        Path csv = dir.resolve("kinetics_val.csv");
        Files.writeString(
                csv,
                "label,youtube_id,time_start,time_end,split,is_cc\n"
                        + "abseiling,aaa111,14,24,val,0\n"
                        + "zumba,bbb-22,0.0,10.0,val,0\n"
                        + "\"passing American football (in game)\",ccc333,5,15,val,1\n");

        List<VideoRef> refs = VideoInputs.read(InputType.KINETICS, csv, videos, LabelList.load("kinetics400"));

        assertEquals(3, refs.size());
        assertEquals("aaa111_000014_000024", refs.get(0).videoId());
        assertEquals(first.toAbsolutePath().toString(), refs.get(0).path());
        assertEquals(List.of("abseiling"), refs.get(0).labels());
        assertEquals("bbb-22_000000_000010", refs.get(1).videoId());
        assertTrue(refs.get(1).path().endsWith("zumba/bbb-22.webm"));
        assertEquals(List.of("zumba"), refs.get(1).labels());
        VideoRef missing = refs.get(2);
        assertTrue(missing.isMissing());
        assertNull(missing.path());
        assertEquals("ccc333_000005_000015", missing.videoId());
        assertEquals(List.of("passing American football (in game)"), missing.labels());
        assertFalse(refs.get(0).isMissing());
    }

    @Test
    void testSplitWithoutLabelsAndDownloaderFolderNames(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("test.csv");
        Files.writeString(csv, "youtube_id,time_start,time_end,split\nzzz,1,11,test\n");
        List<VideoRef> refs = KineticsReader.read(csv, dir, LabelList.load("kinetics400"));
        assertFalse(refs.get(0).isLabeled());
        assertTrue(refs.get(0).isMissing());

        Path named = dir.resolve("val.csv");
        Files.writeString(named, "label,youtube_id,time_start,time_end,split\nriding_a_bike,q,1,11,val\n");
        assertEquals(
                List.of("riding a bike"),
                KineticsReader.read(named, dir, LabelList.load("kinetics400"))
                        .get(0)
                        .labels());
    }

    @Test
    void badRowsNameTheLine(@TempDir Path dir) throws Exception {
        LabelList k400 = LabelList.load("kinetics400");
        Path unknown = dir.resolve("u.csv");
        Files.writeString(
                unknown,
                "label,youtube_id,time_start,time_end,split\n"
                        + "abseiling,a,1,11,val\nunicycling backwards,b,1,11,val\n");
        DatasetException e = assertThrows(DatasetException.class, () -> KineticsReader.read(unknown, dir, k400));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("unicycling backwards"));

        Path badTime = dir.resolve("t.csv");
        Files.writeString(badTime, "label,youtube_id,time_start,time_end,split\nabseiling,a,one,11,val\n");
        assertEquals(
                2,
                assertThrows(DatasetException.class, () -> KineticsReader.read(badTime, dir, k400))
                        .line());

        Path noId = dir.resolve("n.csv");
        Files.writeString(noId, "label,time_start,time_end,split\nabseiling,1,11,val\n");
        assertEquals(
                1,
                assertThrows(DatasetException.class, () -> KineticsReader.read(noId, dir, k400))
                        .line());

        assertThrows(DatasetException.class, () -> KineticsReader.read(badTime, dir.resolve("absent"), k400));
    }
}
