package nlvideo.jobs.train;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Small labelled H.264 files for training tests: "bright" videos are light grey, "dark" ones
 * dark grey, both with moving noise, so that no two videos or frames are equal but a network
 * separates the classes within a few steps.
 */
final class LabelledVideos {
    static final int WIDTH = 96;
    static final int HEIGHT = 72;
    static final int FRAMES = 20;

    private LabelledVideos() {}

    /** Writes {@code perClass} videos of each class into {@code dir} and a manifest listing them. */
    static Path manifest(Path dir, String name, int perClass, long seed) throws Exception {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(List.of("path,video_id,label"));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2 * perClass; i++) {
            String label = i % 2 == 0 ? "bright" : "dark";
            String id = name + i;
            write(dir.resolve(id + ".mp4"), label.equals("bright") ? 170 : 80, random.split());
            lines.add(id + ".mp4," + id + "," + label);
        }
        return Files.write(dir.resolve(name + ".csv"), lines);
    }

    static void write(Path file, int level, SplittableRandom random) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(10);
            rec.setVideoOption("preset", "veryfast");
            rec.setVideoOption("threads", "1");
            rec.start();
            Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            int stride = frame.imageStride;
            for (int f = 0; f < FRAMES; f++) {
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int v = Math.max(0, Math.min(255, level + random.nextInt(-40, 41)));
                        for (int c = 0; c < 3; c++) {
                            buf.put(y * stride + x * 3 + c, (byte) v);
                        }
                    }
                }
                rec.record(frame);
            }
            rec.stop();
        }
    }
}
