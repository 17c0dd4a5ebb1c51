package nlvideo.jobs.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job did, written as {@code summary.json} beside its tables: the counts that must add
 * up (every input is predicted or failed), the time each phase took ({@code timings_s}: the
 * driver's wall time per phase, the executors' summed time per stage; {@code per_view_s}: those
 * stages per view), and the configuration it ran with, so that a result can be traced back to how
 * it was made.
 */
public final class JobSummary {

    private final String command;
    private final Instant started = Instant.now();
    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final Map<String, Double> timingsSeconds = new LinkedHashMap<>();
    private final Map<String, Object> perViewSeconds = new LinkedHashMap<>();
    private final Map<String, Object> configuration = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();

    public JobSummary(String command) {
        this.command = command;
    }

    public JobSummary count(String name, Object value) {
        counts.put(name, value);
        return this;
    }

    /** Wall seconds of one phase, or summed seconds of one executor stage; written to the millisecond. */
    public JobSummary timing(String phase, double seconds) {
        timingsSeconds.put(phase, Math.round(seconds * 1000) / 1000.0);
        return this;
    }

    /**
     * Seconds per view (one clip under one crop) of each executor stage, and the counts they are
     * divided by; written as {@code per_view_s}, beside {@code timings_s}.
     */
    public JobSummary perView(Map<String, Object> figures) {
        perViewSeconds.putAll(figures);
        return this;
    }

    public JobSummary config(String name, Object value) {
        configuration.put(name, value);
        return this;
    }

    /** Headline results (accuracies, feature sizes) that a reader wants without opening tables. */
    public JobSummary result(String name, Object value) {
        results.put(name, value);
        return this;
    }

    public Map<String, Object> counts() {
        return counts;
    }

    /** The summary as an ordered map, the shape written to JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("command", command);
        map.put("started", started.toString());
        map.put("finished", Instant.now().toString());
        map.put("counts", counts);
        if (!results.isEmpty()) {
            map.put("results", results);
        }
        map.put("timings_s", timingsSeconds);
        if (!perViewSeconds.isEmpty()) {
            map.put("per_view_s", perViewSeconds);
        }
        map.put("configuration", configuration);
        return map;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeTo(Path file) {
        try {
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
