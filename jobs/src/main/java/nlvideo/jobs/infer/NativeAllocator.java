package nlvideo.jobs.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which native allocator this JVM runs on, read from {@code /proc/self/maps}: {@code tcmalloc}
 * when conf/spark-defaults.conf's {@code LD_PRELOAD} reached the process, else {@code glibc}
 * (or {@code unknown} off Linux). On glibc, JavaCV's {@code malloc_trim(0)} after every closed
 * video hands the network's free activation buffers back to the kernel, and the next forward
 * pays page faults for all of them; see the comment in conf/spark-defaults.conf.
 */
public final class NativeAllocator {

    private NativeAllocator() {}

    /** {@code "tcmalloc"}, {@code "glibc"} or {@code "unknown"}. */
    public static String name() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.anyMatch(l -> l.contains("libtcmalloc")) ? "tcmalloc" : "glibc";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
