package nlvideo.jobs.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import nlvideo.pipeline.video.Deinterlace;
import nlvideo.pipeline.video.FrameImages;
import nlvideo.pipeline.video.VideoDecoder;
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
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes a video with its labels drawn on: every frame of the input, in order, at its frame rate
 * and timestamps, with the {@link LabelOverlay} of the moment, encoded as H.264 (x264, {@code crf}
 * quality, yuv420p) in MP4 through JavaCV's recorder; the audio, when there is any, decoded and
 * encoded again as AAC at its own sample rate and channels.
 *
 * <p>Frames are read as the network reads them ({@link VideoDecoder#forEachFrame}): the stream
 * the probe chose (never a cover picture), converted with the stream's colour matrix and range,
 * the sample aspect ratio applied (the output has square pixels at the displayed size; an odd
 * width or height, which 4:2:0 H.264 cannot code, is rounded up to even by JavaCV's recorder,
 * which scales the picture by that pixel) and deinterlaced as {@code --deinterlace} says. The
 * stored orientation and the display rotation are kept, so the output shows as the input does.
 * The output is tagged with the matrix and range the recorder converts with (BT.601, limited).
 * Frames stream through one at a time: memory does not grow with the video's length.
 */
public final class VideoRenderer {

    /** What was written: video frames, and whether audio was copied. */
    public record Result(long frames, boolean audio) {}

    private VideoRenderer() {}

    /**
     * @param k label lines per frame
     * @param crf x264's constant rate factor: 0 lossless .. 51 worst; 18 looks like the source
     * @param deinterlace when to deinterlace the input ({@code --deinterlace})
     * @throws VideoException when the input cannot be read (its kind says why)
     * @throws IOException when the output cannot be written
     */
    public static Result render(Path input, Path output, StepLabels labels, int k, int crf, Deinterlace deinterlace)
            throws VideoException, IOException {
        VideoInfo info = VideoProbe.probe(input);
        VideoDecoder decoder = new VideoDecoder(0, 0).withDeinterlace(deinterlace);
        int[] shown = decoder.outputSize(info);
        boolean swap = info.rotation() == 90 || info.rotation() == 270;
        int width = swap ? shown[1] : shown[0];
        int height = swap ? shown[0] : shown[1];
        double fps = info.nominalFps() > 0 ? info.nominalFps() : info.avgFps() > 0 ? info.avgFps() : 25;
        LabelOverlay overlay = new LabelOverlay(
                info.width(),
                info.height(),
                info.rotation(),
                Math.max(1, Math.min(k, labels.maxLines())),
                labels.labels());
        try (Audio audio = Audio.open(input, info);
                FFmpegFrameRecorder recorder =
                        new FFmpegFrameRecorder(output.toFile(), width, height, audio.channels())) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setVideoOption("crf", Integer.toString(crf));
            // the recorder's swscale turns RGB into limited-range Y'CbCr with the BT.601 matrix:
            // say so in the stream, or players (and this project's decoder) read HD as BT.709
            recorder.setVideoOption("colorspace", "smpte170m");
            recorder.setVideoOption("color_range", "tv");
            if (info.rotation() != 0) {
                recorder.setDisplayRotation(-info.rotation());
            }
            if (audio.channels() > 0) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(audio.grabber.getSampleRate());
                recorder.setAudioChannels(audio.channels());
                recorder.setAudioBitrate(128_000);
            }
            recorder.start();
            Java2DFrameConverter converter = new Java2DFrameConverter();
            long[] t0 = {Long.MIN_VALUE};
            long frames = decoder.forEachFrame(input, info, (rgb, w, h, micros) -> {
                if (t0[0] == Long.MIN_VALUE) {
                    t0[0] = micros;
                }
                BufferedImage picture = FrameImages.image(rgb, w, h);
                overlay.draw(picture, labels.at((micros - t0[0]) / 1e6));
                // keep the input's timing: frame n at its own time on the output's rate grid
                long slot = Math.round((micros - t0[0]) * fps / 1e6);
                if (slot > recorder.getFrameNumber()) {
                    recorder.setFrameNumber((int) slot);
                }
                recorder.record(converter.convert(picture), avutil.AV_PIX_FMT_BGR24);
                audio.recordUntil(recorder, micros);
            });
            audio.recordUntil(recorder, Long.MAX_VALUE);
            recorder.stop();
            return new Result(frames, audio.channels() > 0);
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * The input's audio, read by a JavaCV grabber of its own that opens no video stream (the
     * video comes from {@link VideoDecoder}), handed to the recorder in step with the video.
     */
    private static final class Audio implements AutoCloseable {
        private final FFmpegFrameGrabber grabber;
        private Frame pending;
        private boolean ended;

        private Audio(FFmpegFrameGrabber grabber) {
            this.grabber = grabber;
        }

        static Audio open(Path input, VideoInfo info) throws VideoException {
            if (!info.hasAudio()) {
                return new Audio(null);
            }
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile());
            grabber.setVideoStream(Integer.MAX_VALUE); // no stream has this index: audio only
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                close(grabber);
                throw VideoException.of(
                        VideoErrorKind.CORRUPT, input, "cannot open the audio for decoding: " + e.getMessage(), e);
            }
            if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0) {
                close(grabber);
                return new Audio(null);
            }
            return new Audio(grabber);
        }

        int channels() {
            return grabber == null ? 0 : grabber.getAudioChannels();
        }

        /** Records the audio that starts at or before {@code micros} on the input's clock. */
        void recordUntil(FFmpegFrameRecorder recorder, long micros) throws IOException {
            if (grabber == null) {
                return;
            }
            while (!ended) {
                if (pending == null) {
                    try {
                        pending = grabber.grabSamples();
                    } catch (FrameGrabber.Exception e) {
                        throw new IOException("cannot decode the audio: " + e.getMessage(), e);
                    }
                    if (pending == null) {
                        ended = true;
                        return;
                    }
                }
                if (pending.timestamp > micros) {
                    return;
                }
                recorder.record(pending);
                pending = null;
            }
        }

        @Override
        public void close() {
            if (grabber != null) {
                close(grabber);
            }
        }

        private static void close(FFmpegFrameGrabber grabber) {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception e) {
                // nothing was written through it; the render's own result stands
            }
        }
    }
}
