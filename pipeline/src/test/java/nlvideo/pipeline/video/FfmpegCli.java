package nlvideo.pipeline.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code ffmpeg} and {@code ffprobe} command-line tools (Debian's, installed by
 * {@code .ci/run}) for tests: they make files of kinds JavaCV's recorder cannot (attached pictures,
 * two video streams, tagged colour, interlacing), and count frames and errors independently of
 * the decoder under test.
 */
public final class FfmpegCli {
    private FfmpegCli() {}

    /** What a run printed. */
    public record Output(byte[] stdout, String stderr) {}

    /** Runs {@code ffmpeg -nostdin -y -v error ARGS}; fails the test with its stderr when it fails. */
    public static Output ffmpeg(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
        command.addAll(List.of(args));
        return run(command, null, true);
    }

    /** Runs {@code ffmpeg} keeping its exit code and stderr (errors are what is being counted). */
    public static Output ffmpegAllowingErrors(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y"));
        command.addAll(List.of(args));
        return run(command, null, false);
    }

    /**
     * Encodes {@code frames} RGB pictures of {@code width} x {@code height}, drawn by {@code painter},
     * at {@code fps}, piped to ffmpeg as raw video and written with the given output options.
     */
    public static Output encode(
            int width, int height, double fps, int frames, SampleVideos.FramePainter painter, String... outputArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "ffmpeg",
                "-y",
                "-v",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                width + "x" + height,
                "-r",
                Double.toString(fps),
                "-i",
                "-"));
        command.addAll(List.of(outputArgs));
        byte[] rgb = new byte[width * height * 3];
        return run(
                command,
                stdin -> {
                    for (int k = 0; k < frames; k++) {
                        painter.paint(k, rgb);
                        stdin.write(rgb);
                    }
                },
                true);
    }

    /** The frames ffprobe decodes in the first video stream ({@code -count_frames}). */
    public static int countFrames(Path video) throws IOException {
        Output out = run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=nb_read_frames",
                        "-of",
                        "csv=p=0",
                        video.toString()),
                null,
                true);
        return Integer.parseInt(new String(out.stdout(), StandardCharsets.UTF_8).strip());
    }

    /** The error lines ffmpeg prints while decoding the file's first video stream to nothing. */
    public static long decodeErrorLines(Path video) throws IOException {
        Output out = ffmpegAllowingErrors("-v", "error", "-i", video.toString(), "-map", "0:v:0", "-f", "null", "-");
        return out.stderr().lines().filter(l -> !l.isBlank()).count();
    }

    /**
     * As {@link #encode}, with ffmpeg writing to its standard output ({@code outputArgs} end with
     * {@code -}), saved to {@code file}: a pipe in and a pipe out, as a live recorder writes, so
     * the muxer knows neither the duration nor the frame count and cannot go back to write them.
     */
    public static void encodeThroughPipe(
            Path file,
            int width,
            int height,
            double fps,
            int frames,
            SampleVideos.FramePainter painter,
            String... outputArgs)
            throws IOException {
        Files.write(
                file, encode(width, height, fps, frames, painter, outputArgs).stdout());
    }

    private interface Feeder {
        void feed(OutputStream stdin) throws IOException;
    }

    private static Output run(List<String> command, Feeder feeder, boolean mustSucceed) throws IOException {
        Process p = new ProcessBuilder(command).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread out = drain(p.getInputStream(), stdout);
        Thread err = drain(p.getErrorStream(), stderr);
        try (OutputStream stdin = p.getOutputStream()) {
            if (feeder != null) {
                feeder.feed(stdin);
            }
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        String errText = stderr.toString(StandardCharsets.UTF_8);
        if (mustSucceed && p.exitValue() != 0) {
            throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + errText);
        }
        return new Output(stdout.toByteArray(), errText);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // the process ended
            }
        });
        t.start();
        return t;
    }
}
