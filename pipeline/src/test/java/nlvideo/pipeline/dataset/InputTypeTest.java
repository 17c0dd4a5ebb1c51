package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputTypeTest {

    @Test
    void detectsFromTheInputAndParsesNames(@TempDir Path dir) throws Exception {
        assertEquals(InputType.DIR, InputType.detect(dir));
        assertEquals(InputType.DIR, InputType.detect(dir.resolve("x.MP4")));
        assertEquals(InputType.MANIFEST, InputType.detect(dir.resolve("x.csv")));
        assertEquals(InputType.MANIFEST, InputType.detect(dir.resolve("x.jsonl")));
        assertEquals(InputType.MANIFEST, InputType.detect(dir.resolve("x.parquet")));
        Path odd = Files.writeString(dir.resolve("x.dat"), "");
        assertThrows(DatasetException.class, () -> InputType.detect(odd));
        assertEquals(InputType.KINETICS, InputType.parse(" Kinetics"));
        assertThrows(DatasetException.class, () -> InputType.parse("youtube"));
        assertThrows(DatasetException.class, () -> VideoInputs.read(null, dir.resolve("absent.csv"), null, null));
    }
}
