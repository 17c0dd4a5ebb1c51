package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReaderTest {

    @Test
    void listsVideosRecursivelyInSortedOrderWithRelativeIds(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("b/deep"));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve(".cache"));
        Path real = TinyVideo.write(dir.resolve("b/deep/real.mp4"), 8);
        Files.writeString(dir.resolve("a/broken.MKV"), "not a video at all");
        Files.writeString(dir.resolve("a/notes.txt"), "skip me");
        Files.writeString(dir.resolve("a/thumb.jpg"), "skip me");
        Files.writeString(dir.resolve("z.webm"), "x");
        Files.writeString(dir.resolve("c.ts"), "x");
        Files.writeString(dir.resolve("c.avi"), "x");
        Files.writeString(dir.resolve("._junk.mp4"), "x");
        Files.writeString(dir.resolve(".cache/hidden.mp4"), "x");
        // an nlvideo output folder's own files (make-samples' folder given as input)
        Files.createDirectories(dir.resolve("_nlvideo/results"));
        Files.writeString(dir.resolve("_nlvideo.json"), "{}");
        Files.writeString(dir.resolve("_nlvideo/results/part.mp4"), "x");

        List<VideoRef> refs = DirectoryReader.read(dir);
        assertEquals(
                List.of("a/broken.MKV", "a/notes.txt", "a/thumb.jpg", "b/deep/real.mp4", "c.avi", "c.ts", "z.webm"),
                VideoFileIndex.scan(dir, name -> true).files().stream()
                        .map(f -> VideoFileIndex.relative(dir, f))
                        .toList(),
                "every file, as probe lists them, but hidden ones and nlvideo's own");

        assertEquals(
                List.of("a/broken", "b/deep/real", "c.avi", "c.ts", "z"),
                refs.stream().map(VideoRef::videoId).toList());
        assertEquals(real.toAbsolutePath().toString(), refs.get(1).path());
        assertTrue(Files.size(real) > 0);
        refs.forEach(r -> {
            assertFalse(r.isMissing());
            assertFalse(r.isLabeled());
            assertTrue(Files.isRegularFile(Path.of(r.path())));
        });
        assertEquals(refs, DirectoryReader.read(dir), "same listing every time");
    }

    @Test
    void aSingleVideoFileIsItsOwnCollection(@TempDir Path dir) throws Exception {
        Path video = TinyVideo.write(dir.resolve("clip.mp4"), 4);
        List<VideoRef> refs = VideoInputs.read(null, video, null, null);
        assertEquals(1, refs.size());
        assertEquals("clip", refs.get(0).videoId());
        assertEquals(video.toAbsolutePath().toString(), refs.get(0).path());
    }

    @Test
    void sameStemsKeepTheirExtensionsAndDanglingLinksAreListed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.mp4"), "x");
        Files.writeString(dir.resolve("a.avi"), "x");
        Files.writeString(dir.resolve("a.mp4.mkv"), "x"); // its stem is the other's id with extension
        Files.writeString(dir.resolve("clip \"q\".mp4"), "x");
        Files.createSymbolicLink(dir.resolve("gone.mp4"), dir.resolve("missing.mp4"));
        List<VideoRef> refs = DirectoryReader.read(dir);
        assertEquals(
                List.of("a.avi", "a.mp4", "a.mp4.mkv", "clip \"q\"", "gone"),
                refs.stream().map(VideoRef::videoId).toList());
        assertEquals(dir.resolve("a.mp4.mkv").toString(), refs.get(2).path());
        assertEquals(dir.resolve("gone.mp4").toString(), refs.get(4).path());
        assertEquals(5, DirectoryReader.read(dir, true).size(), "probe's listing has it too");
    }

    @Test
    void aMissingFolderIsATypedError(@TempDir Path dir) {
        DatasetException e = assertThrows(DatasetException.class, () -> DirectoryReader.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"));
    }
}
