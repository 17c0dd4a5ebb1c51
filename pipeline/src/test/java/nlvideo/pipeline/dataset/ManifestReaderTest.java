package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @Test
    void csvResolvesRelativePathsAndSplitsLabels(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("lists"));
        Path file = sub.resolve("m.csv");
        Files.writeString(
                file,
                "path,video_id,labels\n"
                        + "clips/a.mp4,,cat;dog\n"
                        + "/abs/b.avi,bee,bird | fish\n"
                        + "hdfs://nn/v/c.mkv,,\n"
                        + "\"./d,e.mp4\",,\"x\"\n");
        List<VideoRef> refs = ManifestReader.read(file);
        assertEquals(4, refs.size());
        assertEquals(
                new VideoRef("clips/a", sub.resolve("clips/a.mp4").toString(), List.of("cat", "dog")), refs.get(0));
        assertEquals(new VideoRef("bee", "/abs/b.avi", List.of("bird", "fish")), refs.get(1));
        assertEquals(new VideoRef("hdfs://nn/v/c", "hdfs://nn/v/c.mkv", List.of()), refs.get(2));
        assertEquals(new VideoRef("d,e", sub.resolve("d,e.mp4").toString(), List.of("x")), refs.get(3));
    }

    @Test
    void jsonLinesTakeStringsOrArrays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(
                file,
                "{\"path\": \"a.mp4\", \"label\": \"cat\"}\n"
                        + "\n"
                        + "{\"path\": \"b.mp4\", \"video_id\": \"B\", \"labels\": [\"x\", \"y\"]}\n"
                        + "{\"path\": \"c.mp4\", \"labels\": \"p|q\", \"extra\": 1}\n");
        List<VideoRef> refs = ManifestReader.read(file);
        assertEquals(
                List.of("a", "B", "c"), refs.stream().map(VideoRef::videoId).toList());
        assertEquals(List.of("cat"), refs.get(0).labels());
        assertEquals(List.of("x", "y"), refs.get(1).labels());
        assertEquals(List.of("p", "q"), refs.get(2).labels());
        assertEquals(dir.resolve("b.mp4").toString(), refs.get(1).path());
    }

    @Test
    void badManifestsNameFileAndLine(@TempDir Path dir) throws Exception {
        Path noPath = dir.resolve("nopath.csv");
        Files.writeString(noPath, "file,label\na.mp4,cat\n");
        DatasetException e1 = assertThrows(DatasetException.class, () -> ManifestReader.read(noPath));
        assertEquals(1, e1.line());
        assertTrue(e1.getMessage().contains("nopath.csv") && e1.getMessage().contains("'path'"), e1.getMessage());

        Path emptyPath = dir.resolve("empty.csv");
        Files.writeString(emptyPath, "path,label\na.mp4,cat\n ,dog\n");
        assertEquals(
                3,
                assertThrows(DatasetException.class, () -> ManifestReader.read(emptyPath))
                        .line());

        Path badJson = dir.resolve("bad.jsonl");
        Files.writeString(badJson, "{\"path\": \"a.mp4\"}\n{\"path\": \"b.mp4\"\n");
        DatasetException e3 = assertThrows(DatasetException.class, () -> ManifestReader.read(badJson));
        assertEquals(2, e3.line());
        assertTrue(e3.getMessage().contains("bad.jsonl line 2"), e3.getMessage());

        Path noPathJson = dir.resolve("nopath.jsonl");
        Files.writeString(noPathJson, "{\"file\": \"a.mp4\"}\n");
        assertEquals(
                1,
                assertThrows(DatasetException.class, () -> ManifestReader.read(noPathJson))
                        .line());

        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, "path,video_id\na.mp4,x\nb.mp4,\nc.mp4,x\n");
        DatasetException e5 = assertThrows(DatasetException.class, () -> ManifestReader.read(dup));
        assertEquals(4, e5.line());
        assertTrue(
                e5.getMessage().contains("'x' is given on line 2 and again on line 4"),
                "names both lines: " + e5.getMessage());

        Path kinetics = dir.resolve("val.csv");
        Files.writeString(kinetics, "label,youtube_id,time_start,time_end,split\n");
        assertTrue(assertThrows(DatasetException.class, () -> ManifestReader.read(kinetics))
                .getMessage()
                .contains("--input-type kinetics"));
    }

    @Test
    void derivedIdsNeverCollide(@TempDir Path dir) throws Exception {
        // one stem, two containers; the same file twice; a stem an explicit id already uses
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "path,video_id\na.mp4,\na.avi,\nb.mp4,\n./b.mp4,\nc.mp4,\nd.mkv,c\nsub/a.mp4,\n");
        List<VideoRef> refs = ManifestReader.read(file);
        assertEquals(
                List.of("a.mp4", "a.avi", "b.mp4", "b.mp4#2", "c.mp4", "c", "sub/a"),
                refs.stream().map(VideoRef::videoId).toList());
        assertEquals(dir.resolve("a.avi").toString(), refs.get(1).path());
    }

    @Test
    void sharedRuleForParquetRecords() {
        Path manifest = Path.of("/data/m.parquet");
        List<VideoRef> refs = ManifestEntry.toVideoRefs(
                manifest,
                List.of(
                        new ManifestEntry.Entry(1, "x/y.mp4", null, ManifestEntry.splitLabels("a;b|c")),
                        new ManifestEntry.Entry(2, "file:/v/z.mp4", "z", null)),
                Path.of("/data"));
        assertEquals(new VideoRef("x/y", "/data/x/y.mp4", List.of("a", "b", "c")), refs.get(0));
        assertEquals("file:/v/z.mp4", refs.get(1).path());
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> ManifestEntry.toVideoRefs(manifest, List.of(new ManifestEntry.Entry(3, " ", null, null)), null));
        assertEquals(3, e.line());
        assertEquals(
                "a.mp4",
                ManifestEntry.toVideoRefs(manifest, List.of(new ManifestEntry.Entry(1, "a.mp4", null, null)), null)
                        .get(0)
                        .path());
    }

    @Test
    void quotesInPathsSurviveRfc4180(@TempDir Path dir) throws Exception {
        // a path holding a double quote, a comma and a line break, written as RFC 4180 writers
        // (Python's csv, pandas, Excel) write it: the field quoted, its quotes doubled
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "path,label\n\"clip \"\"a\"\", 1\nb.mp4\",cat\nplain \"q\".mp4,dog\n");
        List<VideoRef> refs = ManifestReader.read(file);
        assertEquals(dir.resolve("clip \"a\", 1\nb.mp4").toString(), refs.get(0).path());
        assertEquals(dir.resolve("plain \"q\".mp4").toString(), refs.get(1).path(), "a bare quote is kept");
        assertEquals(List.of("dog"), refs.get(1).labels());
    }

    @Test
    void labelsAreCheckedAgainstTheListWhenGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "path,label\na.mp4,Abseiling\nb.mp4,0\n");
        LabelList k400 = LabelList.load("kinetics400");
        List<VideoRef> refs = VideoInputs.read(null, file, null, k400);
        assertEquals(List.of("abseiling"), refs.get(0).labels());
        assertEquals(List.of("abseiling"), refs.get(1).labels());
        Files.writeString(file, "path,label\na.mp4,flying a dragon\n");
        DatasetException e = assertThrows(DatasetException.class, () -> VideoInputs.read(null, file, null, k400));
        assertTrue(e.getMessage().contains("flying a dragon"), e.getMessage());
    }
}
