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

class CharadesReaderTest {
    private static final String HEADER =
            "id,subject,scene,quality,relevance,verified,script,objects,descriptions,actions,length\n";

    @Test
    void readsMultiLabelSetsSegmentsAndMissingVideos(@TempDir Path dir) throws Exception {
        Path videos = Files.createDirectories(dir.resolve("Charades_v1_480"));
        Path real = TinyVideo.write(videos.resolve("46GP8.mp4"), 6);
        Files.writeString(videos.resolve("N11GT.mp4"), "x");
        Path csv = dir.resolve("Charades_v1_test.csv");
        Files.writeString(
                csv,
                HEADER
                        + "46GP8,HR43,Kitchen,6,7,Yes,\"A person cooks, then eats.\",food;dish,"
                        + "\"They cook.\nThen eat.\",c147 0.00 12.60;c092 11.90 21.20;c147 20.00 24.00,24.83\n"
                        + "N11GT,Q2,Bedroom,7,7,Yes,A person sleeps.,bed,A person sleeps.,,31.00\n"
                        + "0IH69,XX,Hallway,5,6,Yes,A person walks.,door,A person walks.,c097 1.50 4.00,10.00\n");

        List<VideoRef> refs = VideoInputs.read(InputType.CHARADES, csv, videos, LabelList.load("charades"));

        assertEquals(
                List.of("46GP8", "N11GT", "0IH69"),
                refs.stream().map(VideoRef::videoId).toList());
        VideoRef first = refs.get(0);
        assertEquals(real.toAbsolutePath().toString(), first.path());
        assertEquals(List.of("c092", "c147"), first.labels());
        assertEquals(
                List.of(
                        new ActionSegment("c147", 0.0, 12.6),
                        new ActionSegment("c092", 11.9, 21.2),
                        new ActionSegment("c147", 20.0, 24.0)),
                first.segments());
        assertFalse(refs.get(1).isLabeled());
        assertFalse(refs.get(1).isMissing());
        assertTrue(refs.get(2).isMissing());
        assertEquals(List.of("c097"), refs.get(2).labels());
    }

    @Test
    void badActionsNameTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("c.csv");
        Files.writeString(csv, HEADER + "A,s,k,1,1,Yes,x,y,z,c001 1.0 2.0,3\nB,s,k,1,1,Yes,x,y,z,c001 1.0,3\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CharadesReader.read(csv, dir, null));
        assertEquals(3, e.line());
        Files.writeString(csv, HEADER + "A,s,k,1,1,Yes,x,y,z,c999 1.0 2.0,3\n");
        assertEquals(
                2,
                assertThrows(DatasetException.class, () -> CharadesReader.read(csv, dir, LabelList.load("charades")))
                        .line());
        Files.writeString(csv, HEADER + "A,s,k,1,1,Yes,x,y,z,c001 a 2.0,3\n");
        assertEquals(
                2,
                assertThrows(DatasetException.class, () -> CharadesReader.read(csv, dir, null))
                        .line());
    }
}
