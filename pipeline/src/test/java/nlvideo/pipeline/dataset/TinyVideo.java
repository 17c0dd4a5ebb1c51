package nlvideo.pipeline.dataset;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes a real, tiny encoded video (64x48 MPEG-4) for tests that need a genuine file. */
final class TinyVideo {
    private TinyVideo() {}

    static Path write(Path file, int frames) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48)) {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(25);
            recorder.setFormat("mp4");
            recorder.start();
            for (int f = 0; f < frames; f++) {
                try (Frame frame = new Frame(64, 48, Frame.DEPTH_UBYTE, 3)) {
                    ByteBuffer buf = (ByteBuffer) frame.image[0];
                    for (int i = 0; i < buf.capacity(); i++) {
                        buf.put(i, (byte) (f * 8 + i));
                    }
                    recorder.record(frame);
                }
            }
            recorder.stop();
        }
        return file;
    }
}
