package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @Test
    void readsQuotedFieldsLineBreaksAndCrlf(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.csv");
        Files.writeString(
                file,
                "\uFEFFId,Text,n\r\n" + "a,\"x, \"\"quoted\"\"\",1\r\n" + "\r\n" + "b,\"two\nlines\",2\n" + "c,,3");
        CsvTable csv = CsvTable.read(file);
        assertEquals(List.of("Id", "Text", "n"), csv.header());
        assertEquals(0, csv.column("id"));
        assertEquals(-1, csv.column("missing"));
        assertEquals(3, csv.rows().size());
        assertEquals(List.of("a", "x, \"quoted\"", "1"), csv.rows().get(0).fields());
        assertEquals(2, csv.rows().get(0).line());
        assertEquals(List.of("b", "two\nlines", "2"), csv.rows().get(1).fields());
        assertEquals(4, csv.rows().get(1).line());
        assertEquals(6, csv.rows().get(2).line());
        assertEquals("", csv.rows().get(2).get(1));
        assertEquals("", csv.rows().get(2).get(7), "absent trailing cells read as empty");
    }

    @Test
    void reportsUnterminatedQuoteAndMissingColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b\n1,2\n3,\"open\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvTable.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + " line 3: "), e.getMessage());
        Path ok = dir.resolve("ok.csv");
        Files.writeString(ok, "a,b\n1,2\n");
        DatasetException missing =
                assertThrows(DatasetException.class, () -> CsvTable.read(ok).requireColumn("path"));
        assertEquals(1, missing.line());
        assertEquals(ok.toString(), missing.file());
    }
}
