package nlvideo.jobs.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import nlvideo.pipeline.video.VideoErrorKind;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes a video with its labels drawn on: every frame of the input, in order, at its frame rate
 * and timestamps, with the {@link LabelOverlay} of the moment, encoded as H.264 (x264, {@code crf}
 * quality, yuv420p) in MP4 through JavaCV's recorder; the audio, when there is any, decoded and
 * encoded again as AAC at its own sample rate and channels. The stored picture and the display
 * rotation are kept, so the output shows as the input does. Frames stream through one at a
 * time: memory does not grow with the video's length.
 */
public final class VideoRenderer {

    /** What was written: video frames, and whether audio was copied. */
    public record Result(long frames, boolean audio) {}

    private VideoRenderer() {}

    /**
     * @param k label lines per frame
     * @param crf x264's constant rate factor: 0 lossless .. 51 worst; 18 looks like the source
     * @throws VideoException when the input cannot be read (its kind says why)
     * @throws IOException when the output cannot be written
     */
    public static Result render(Path input, Path output, StepLabels labels, int k, int crf)
            throws VideoException, IOException {
        VideoInfo info = VideoProbe.probe(input);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT, input, "cannot open for decoding: " + e.getMessage(), e);
            }
            if (!grabber.hasVideo()) {
                throw VideoException.of(VideoErrorKind.NO_VIDEO_STREAM, input, "no video stream");
            }
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            boolean audio = grabber.hasAudio() && grabber.getAudioChannels() > 0;
            double fps = info.nominalFps() > 0 ? info.nominalFps() : info.avgFps() > 0 ? info.avgFps() : 25;
            LabelOverlay overlay = new LabelOverlay(
                    info.width(),
                    info.height(),
                    info.rotation(),
                    Math.max(1, Math.min(k, labels.maxLines())),
                    labels.labels());
            long frames = 0;
            try (FFmpegFrameRecorder recorder =
                    new FFmpegFrameRecorder(output.toFile(), width, height, audio ? grabber.getAudioChannels() : 0)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setVideoOption("preset", "veryfast");
                recorder.setVideoOption("crf", Integer.toString(crf));
                if (info.rotation() != 0) {
                    recorder.setDisplayRotation(-info.rotation());
                }
                if (audio) {
                    recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    recorder.setSampleRate(grabber.getSampleRate());
                    recorder.setAudioChannels(grabber.getAudioChannels());
                    recorder.setAudioBitrate(128_000);
                }
                recorder.start();
                BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                byte[] pixels = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
                long t0 = Long.MIN_VALUE;
                Frame frame;
                while ((frame = grabber.grab()) != null) {
                    if (frame.image != null) {
                        long ts = grabber.getTimestamp();
                        if (t0 == Long.MIN_VALUE) {
                            t0 = ts;
                        }
                        copy(frame, pixels, width, height, true);
                        overlay.draw(picture, labels.at((ts - t0) / 1e6));
                        copy(frame, pixels, width, height, false);
                        // keep the input's timing: frame n at its own time on the output's rate grid
                        long slot = Math.round((ts - t0) * fps / 1e6);
                        if (slot > recorder.getFrameNumber()) {
                            recorder.setFrameNumber((int) slot);
                        }
                        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                        frames++;
                    } else if (frame.samples != null && audio) {
                        recorder.record(frame);
                    }
                }
                recorder.stop();
            } catch (FrameRecorder.Exception e) {
                throw new IOException("cannot write " + output + ": " + e.getMessage(), e);
            }
            if (frames == 0) {
                throw VideoException.of(VideoErrorKind.EMPTY, input, "the video stream holds no decodable frame");
            }
            return new Result(frames, audio);
        } catch (FrameGrabber.Exception e) {
            throw VideoException.of(VideoErrorKind.CORRUPT, input, "decoder failed: " + e.getMessage(), e);
        }
    }

    /** Copies a BGR frame into the picture's bytes, or back; rows may be padded in the frame. */
    private static void copy(Frame frame, byte[] pixels, int width, int height, boolean toPicture) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int row = width * 3;
        for (int y = 0; y < height; y++) {
            if (toPicture) {
                buf.get(y * stride, pixels, y * row, row);
            } else {
                buf.put(y * stride, pixels, y * row, row);
            }
        }
    }
}
