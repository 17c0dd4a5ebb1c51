package nlvideo.jobs.output;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads CSV outputs back as a standard RFC 4180 reader does (Apache Commons CSV), by header name. */
public final class CsvTables {

    private CsvTables() {}

    /** The records of a CSV file with a header row. */
    public static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parse(r);
        }
    }

    /** The records of CSV text with a header row. */
    public static List<CSVRecord> parse(String text) throws IOException {
        return parse(new StringReader(text));
    }

    private static List<CSVRecord> parse(Reader r) throws IOException {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build()
                .parse(r)
                .getRecords();
    }
}
