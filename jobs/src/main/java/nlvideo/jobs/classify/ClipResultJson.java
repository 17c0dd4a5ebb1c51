package nlvideo.jobs.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link ClipResult} as one line of JSON, the form in which tasks commit their rows to the job's
 * {@link nlvideo.jobs.recovery.CommitLog}. Floats are written in their shortest exact decimal form,
 * so a row read back equals the row written, bit for bit.
 */
public final class ClipResultJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ClipResultJson() {}

    /** One line of JSON (no line break). */
    public static String encode(ClipResult r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the line is not a clip result
     */
    public static ClipResult decode(String line) {
        try {
            return JSON.readValue(line, ClipResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a committed clip result: " + line, e);
        }
    }
}
