package nlvideo.pipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nlvideo.model.Normalization;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.clip.DenseClipSampler;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.SampleVideos;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;

/**
 * Benchmark driver for scripts/bench/decode.sh (not a test). Modes:
 * <ul>
 *   <li>{@code make DIR COUNT}: writes COUNT H.264 320x240 30 fps 5 s sample videos;</li>
 *   <li>{@code throughput DIR SHORT_SIDE ROUNDS}: probe + one-frame dense clips on every frame + decode
 *       at SHORT_SIDE + full-frame GREY normalisation to C x T x H x W floats; prints frames per
 *       wall second and per CPU second of the process;</li>
 *   <li>{@code memory DIR SHORT_SIDE}: decodes 1000 videos in one JVM, prints the RSS after 100 and 1000;</li>
 *   <li>{@code seek FILE}: time to reach frame g by reading through vs by seeking, per gap g.</li>
 * </ul>
 */
public final class DecodeBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]));
            case "throughput" -> throughput(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "memory" -> memory(Path.of(args[1]), Integer.parseInt(args[2]));
            case "seek" -> seek(Path.of(args[1]));
            default -> throw new IllegalArgumentException("mode: make | throughput | memory | seek");
        }
    }

    static void make(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            SampleVideos.write(
                    dir.resolve(String.format("sample-%02d.mp4", i)), SampleVideos.Format.H264_MP4, 320, 240, 30, 150);
        }
        SampleVideos.write(
                dir.resolve("long-gop250.mp4.seek"),
                SampleVideos.Format.H264_MP4,
                320,
                240,
                30,
                1800,
                SampleVideos.Extras.NONE.withGop(250));
    }

    static List<Path> videos(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }

    /** Decodes, samples and normalises every frame of one video; returns frames decoded. */
    static long once(Path p, VideoDecoder decoder, ClipTransform transform) throws Exception {
        VideoInfo info = VideoProbe.probe(p);
        int n = (int) info.frameCount();
        // one-frame clips every frame: every frame of the video is decoded, scaled and normalised
        List<ClipWindow> clips = new DenseClipSampler(SamplingParams.of(1, 1, 1).withDenseInterval(1 / info.avgFps()))
                .sample(n, info.avgFps());
        DecodedFrames frames = decoder.decode(p, info, clips);
        double sink = 0;
        for (ClipWindow w : clips) {
            ClipTensor x = transform.apply(frames, w, Crop.full());
            sink += x.data()[x.data().length - 1];
        }
        if (sink == 12345.678) {
            System.out.println(sink);
        }
        return frames.decodedFrameCount();
    }

    static void throughput(Path dir, int shortSide, int rounds) throws Exception {
        List<Path> files = videos(dir);
        VideoDecoder decoder = new VideoDecoder(shortSide, 1);
        ClipTransform transform = new ClipTransform(Normalization.GREY);
        for (Path p : files) {
            once(p, decoder, transform); // warm-up: JIT and native libraries
        }
        long frames = 0;
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        for (int r = 0; r < rounds; r++) {
            for (Path p : files) {
                frames += once(p, decoder, transform);
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(
                java.util.Locale.ROOT,
                "java frames %d seconds %.3f fps %.1f cpu_seconds %.3f fps_per_cpu_second %.1f%n",
                frames,
                s,
                frames / s,
                cpu,
                frames / cpu);
    }

    /** CPU time of this process, all threads (JIT and GC included), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void memory(Path dir, int shortSide) throws Exception {
        List<Path> files = videos(dir);
        VideoDecoder decoder = new VideoDecoder(shortSide, 1);
        ClipTransform transform = new ClipTransform(Normalization.GREY);
        for (int i = 1; i <= 1000; i++) {
            once(files.get(i % files.size()), decoder, transform);
            if (i == 100 || i == 1000) {
                System.out.printf("rss after %d videos: %d MiB%n", i, rssKib() / 1024);
            }
        }
    }

    static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Reaching frame g and reading 8 frames: by reading through from 0, or by seeking first. */
    static void seek(Path file) throws Exception {
        VideoInfo info = VideoProbe.probe(file);
        for (int warm = 0; warm < 3; warm++) {
            read(file, info, 0, 8);
        }
        System.out.println("gap_frames read_through_ms seek_ms");
        for (int gap : new int[] {30, 60, 100, 150, 200, 300, 500, 1000, 1500}) {
            double through = 0, seek = 0;
            int reps = 5;
            for (int r = 0; r < reps; r++) {
                through += read(file, info, gap, Integer.MAX_VALUE);
                seek += read(file, info, gap, 10);
            }
            System.out.printf("%d %.2f %.2f%n", gap, through / reps, seek / reps);
        }
    }

    /** Milliseconds to decode frames 0 and gap..gap+7, seeking when the gap exceeds threshold. */
    static double read(Path file, VideoInfo info, int gap, int threshold) throws Exception {
        int[] idx = new int[9];
        idx[0] = 0;
        for (int i = 0; i < 8; i++) {
            idx[i + 1] = gap + i;
        }
        VideoDecoder decoder = new VideoDecoder(224, 1).withSeekThreshold(threshold);
        long t0 = System.nanoTime();
        decoder.decodeIndices(file, info, idx);
        return (System.nanoTime() - t0) / 1e6;
    }
}
