package nlvideo.jobs.recovery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;

/**
 * Test-only faults in native code, for the tests that show a poison video is isolated: when the
 * system property {@value #PROPERTY} names a file (by file name), decoding that file first does a
 * real native fault on the decoding thread (or throws what a native failure throws):
 * <ul>
 *   <li>{@code segfault=NAME}: a write to address 16 through JavaCPP (SIGSEGV; the JVM dies with
 *       an hs_err report);
 *   <li>{@code abort=NAME}: the same FFmpeg buffer freed twice ({@code av_free}); glibc detects
 *       the double free and calls {@code abort()} (SIGABRT);
 *   <li>{@code hang=NAME}: native sleeps ({@code av_usleep}) forever, deaf to Java interrupts;
 *   <li>{@code oom=NAME}: throws an {@link OutOfMemoryError}, as JavaCPP does at its native memory
 *       limit (the JVM lives; the decoding thread ends with an {@link Error}).
 * </ul>
 * Prefixed with {@code probe-} ({@code probe-abort=NAME}, ...), the same fault happens when the file's
 * header is read ({@link #beforeProbe}) instead of when it is decoded.
 * Entries are separated by commas, e.g. {@code -Dnlvideo.test.faults=abort=b.mp4,hang=c.mp4}; the
 * environment variable {@value #ENV} is read when the property is not set (executors get it with
 * {@code --conf spark.executorEnv.NLVIDEO_TEST_FAULTS=...}). Without either nothing happens. Not for
 * production use.
 */
public final class FaultInjection {

    /** The system property that names the faults. */
    public static final String PROPERTY = "nlvideo.test.faults";

    /** The environment variable read when the property is not set. */
    public static final String ENV = "NLVIDEO_TEST_FAULTS";

    /** The prefix of a fault that happens when the file is probed rather than decoded. */
    private static final String PROBE = "probe-";

    private FaultInjection() {}

    /** Called before a file is decoded: does the fault the property names for this file, if any. */
    public static void beforeDecode(String path) {
        fire("", path);
    }

    /** Called before a file's header is read: does the {@code probe-} fault named for this file, if any. */
    public static void beforeProbe(String path) {
        fire(PROBE, path);
    }

    private static void fire(String prefix, String path) {
        String spec = System.getProperty(PROPERTY, System.getenv(ENV));
        if (spec == null || spec.isBlank() || path == null) {
            return;
        }
        String named = faults(spec).get(Path.of(path).getFileName().toString());
        if (named == null || named.startsWith(PROBE) != prefix.equals(PROBE)) {
            return;
        }
        String fault = named.substring(prefix.length());
        switch (fault) {
            case "segfault" -> Pointer.memset(new Address(16), 0, 64);
            case "abort" -> {
                Pointer p = avutil.av_malloc(64);
                avutil.av_free(p);
                avutil.av_free(p);
            }
            case "hang" -> {
                while (true) {
                    avutil.av_usleep(1_000_000);
                }
            }
            case "oom" -> throw new OutOfMemoryError("injected by " + PROPERTY + " while decoding " + path);
            default -> throw new IllegalArgumentException(PROPERTY + ": unknown fault " + fault);
        }
    }

    private static Map<String, String> faults(String spec) {
        Map<String, String> byFile = new HashMap<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                byFile.put(
                        entry.substring(eq + 1).strip(), entry.substring(0, eq).strip());
            }
        }
        return byFile;
    }

    /** A pointer to a raw address. */
    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
