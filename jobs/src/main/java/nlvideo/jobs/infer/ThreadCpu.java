package nlvideo.jobs.infer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a group of this process's threads, by name, from Linux's per-thread scheduler
 * statistics ({@code /proc/self/task/TID/schedstat}, first field: nanoseconds on a CPU). Native
 * threads count too: OpenMP workers carry the name of the thread that started them (the first 15
 * characters, the kernel's limit), so a prefix of the inference thread's name covers its pool.
 */
final class ThreadCpu {

    private ThreadCpu() {}

    /** Nanoseconds on a CPU, summed over the live threads whose name starts with {@code prefix}; 0 off Linux. */
    static long nanos(String prefix) {
        String wanted = prefix.length() > 15 ? prefix.substring(0, 15) : prefix;
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(wanted)) {
                        String stat =
                                Files.readString(task.resolve("schedstat")).trim();
                        sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }
}
