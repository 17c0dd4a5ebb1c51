package nlvideo.pipeline.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;
import nlvideo.pipeline.clip.ClipWindow;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads, in one pass over a file, exactly the frames that a list of clip windows needs, as RGB
 * bytes scaled by FFmpeg so that the displayed short side is {@code shortSide}, with the
 * container's rotation applied.
 *
 * <p><b>Timeline.</b> Frame index i is the frame on screen at time t0 + i / fps, where t0 is the
 * first frame's timestamp and fps the stream's average rate ({@link VideoInfo#avgFps()}). For a
 * constant-rate file that is simply the i-th frame; for a variable-rate file, a frame held longer
 * fills several indices and a burst of short frames keeps only the last of each slot, so clip
 * durations stay true in seconds. Decoded frame k with timestamp p starts at slot
 * ceil((p - t0) x fps - 1/4): the quarter-slot tolerance absorbs timestamps rounded to coarse
 * time bases (e.g. milliseconds in MKV/WebM).
 *
 * <p><b>Cost.</b> Every frame up to the last needed one is decoded (inter-frame codecs need
 * them), but only frames that can fill a needed slot are colour-converted and scaled. Across a
 * gap longer than {@link #SEEK_THRESHOLD_FRAMES} slots the decoder seeks instead of reading
 * through.
 *
 * <p>Instances are immutable and thread-safe; each call opens and releases its own grabber.
 */
public final class VideoDecoder {

    /**
     * Seek only across gaps longer than this many frames. A seek lands on the key frame before the
     * target and decodes forward from there, so it pays only once the gap spans a key frame, i.e.
     * is longer than the GOP. Measured with {@code SEEK=1 scripts/bench/decode.sh} (DecodeBench
     * seek: 320x240 H.264, 30 fps, GOP 250, one core, open + frame 0 + 8 frames at the gap, mean of
     * 5): reading through vs seeking took 29 vs 40 ms at a 200-frame gap, 52 vs 47 ms at 300,
     * 106 vs 82 ms at 500 and 120 vs 59 ms at 1000. Common GOPs are 250 frames (x264's default)
     * or shorter, so 300 keeps seeks to where they win.
     */
    public static final int SEEK_THRESHOLD_FRAMES = 300;

    /** A seek aims this many slots before the first needed frame, to land before it for sure. */
    private static final int SEEK_MARGIN_FRAMES = 4;

    private final int shortSide;
    private final int threads;
    private final int seekThreshold;

    /**
     * @param shortSide the displayed short side after scaling (e.g. 256), or 0 for the stored size
     */
    public VideoDecoder(int shortSide) {
        this(shortSide, 1);
    }

    /**
     * @param threads FFmpeg decoding threads per call; 1 when Spark already runs one task per core
     */
    public VideoDecoder(int shortSide, int threads) {
        if (shortSide < 0) {
            throw new IllegalArgumentException("shortSide must be >= 0, got " + shortSide);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.shortSide = shortSide;
        this.threads = threads;
        this.seekThreshold = SEEK_THRESHOLD_FRAMES;
    }

    private VideoDecoder(int shortSide, int threads, int seekThreshold) {
        this.shortSide = shortSide;
        this.threads = threads;
        this.seekThreshold = seekThreshold;
    }

    /** The same decoder seeking across gaps longer than {@code frames} (for measurements). */
    public VideoDecoder withSeekThreshold(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("seek threshold must be >= 0");
        }
        return new VideoDecoder(shortSide, threads, frames);
    }

    public int shortSide() {
        return shortSide;
    }

    /** Probes the file, then decodes the frames the windows need. */
    public DecodedFrames decode(Path path, Collection<ClipWindow> windows) throws VideoException {
        return decode(path, VideoProbe.probe(path), windows);
    }

    /** Decodes the frames the windows need, using a probe made earlier (e.g. on the driver). */
    public DecodedFrames decode(Path path, VideoInfo info, Collection<ClipWindow> windows) throws VideoException {
        TreeSet<Integer> wanted = new TreeSet<>();
        for (ClipWindow w : windows) {
            for (int i : w.frameIndices()) {
                wanted.add(i);
            }
        }
        return decodeIndices(
                path, info, wanted.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Decodes the frames at the given timeline indices (any order, duplicates allowed). */
    public DecodedFrames decodeIndices(Path path, VideoInfo info, int[] indices) throws VideoException {
        int[] wanted = Arrays.stream(indices).distinct().sorted().toArray();
        if (wanted.length > 0 && wanted[0] < 0) {
            throw new IllegalArgumentException("negative frame index " + wanted[0]);
        }
        VideoProbe.checkReadable(path);
        FFmpegSetup.ensure();
        Pass pass = new Pass(path, info, wanted, false);
        DecodedFrames result = pass.run();
        if (pass.missed) {
            // A variable-rate stretch hid a needed frame from the look-ahead or a seek overshot:
            // read again, start to end, converting every frame that may be needed.
            Pass careful = new Pass(path, info, wanted, true);
            result = careful.run();
            if (result == null) {
                throw VideoException.of(VideoErrorKind.CORRUPT, path, "frame timestamps are inconsistent");
            }
        }
        return result;
    }

    /** The output size (width, height) in the stored orientation for a stored picture w x h. */
    int[] scaledSize(int storedW, int storedH, int rotation) {
        if (shortSide == 0) {
            return new int[] {storedW, storedH};
        }
        boolean swap = rotation == 90 || rotation == 270;
        int dw = swap ? storedH : storedW;
        int dh = swap ? storedW : storedH;
        int ow, oh;
        if (dw <= dh) {
            ow = shortSide;
            oh = (int) Math.round((double) dh * shortSide / dw);
        } else {
            oh = shortSide;
            ow = (int) Math.round((double) dw * shortSide / dh);
        }
        return swap ? new int[] {oh, ow} : new int[] {ow, oh};
    }

    /** One read of the file. */
    private final class Pass {
        private final Path path;
        private final VideoInfo info;
        private final int[] wanted;
        private final boolean careful;
        boolean missed;

        Pass(Path path, VideoInfo info, int[] wanted, boolean careful) {
            this.path = path;
            this.info = info;
            this.wanted = wanted;
            this.careful = careful;
        }

        DecodedFrames run() throws VideoException {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile())) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
                grabber.setVideoOption("threads", Integer.toString(threads));
                grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
                try {
                    grabber.start();
                } catch (FrameGrabber.Exception e) {
                    throw VideoException.of(
                            VideoErrorKind.CORRUPT, path, "cannot open for decoding: " + e.getMessage(), e);
                }
                if (!grabber.hasVideo()) {
                    throw VideoException.of(VideoErrorKind.NO_VIDEO_STREAM, path, "no video stream");
                }
                int rotation = info.rotation();
                int[] size = scaledSize(grabber.getImageWidth(), grabber.getImageHeight(), rotation);
                grabber.setImageWidth(size[0]);
                grabber.setImageHeight(size[1]);
                boolean swap = rotation == 90 || rotation == 270;
                int outW = swap ? size[1] : size[0];
                int outH = swap ? size[0] : size[1];
                if (wanted.length == 0) {
                    return new DecodedFrames(outW, outH, new TreeMap<>(), 0, 0);
                }
                double fps = info.avgFps() > 0 ? info.avgFps() : grabber.getVideoFrameRate();
                if (!(fps > 0)) {
                    fps = 25;
                }
                return read(grabber, size[0], size[1], rotation, outW, outH, fps);
            } catch (FrameGrabber.Exception e) {
                throw VideoException.of(VideoErrorKind.CORRUPT, path, "decoder failed: " + e.getMessage(), e);
            }
        }

        private DecodedFrames read(FFmpegFrameGrabber g, int sw, int sh, int rotation, int outW, int outH, double fps)
                throws VideoException {
            TreeMap<Integer, byte[]> out = new TreeMap<>();
            int next = 0; // position in wanted of the first slot not yet filled
            long t0 = Long.MIN_VALUE;
            int decoded = 0;
            int maxSpan = 1;
            int pendingSlot = -1; // slot where the previous frame starts
            byte[] pending = null;
            boolean pendingConverted = false;
            while (next < wanted.length) {
                if (t0 != Long.MIN_VALUE
                        && !careful
                        && pendingSlot >= 0
                        && wanted[next] - pendingSlot > seekThreshold) {
                    // long gap: nothing between here and wanted[next] is needed
                    long target = t0 + Math.round((wanted[next] - SEEK_MARGIN_FRAMES) * 1e6 / fps);
                    try {
                        g.setVideoTimestamp(target);
                    } catch (FrameGrabber.Exception e) {
                        missed = true;
                        break;
                    }
                    pendingSlot = -1;
                    pending = null;
                    pendingConverted = false;
                }
                Frame f;
                int nextWanted = wanted[next];
                boolean convert = careful || pendingSlot < 0 || nextWanted - pendingSlot <= 2 * maxSpan + 1;
                try {
                    f = g.grabFrame(false, true, convert, false, false);
                } catch (FrameGrabber.Exception e) {
                    if (decoded == 0) {
                        throw VideoException.of(
                                VideoErrorKind.CORRUPT, path, "no frame could be decoded: " + e.getMessage(), e);
                    }
                    f = null; // damaged tail: keep what was read, as for a truncated file
                }
                if (f == null) {
                    break;
                }
                if (f.image == null) {
                    continue;
                }
                decoded++;
                long ts = g.getTimestamp();
                if (t0 == Long.MIN_VALUE) {
                    t0 = ts;
                }
                int slot = (int) Math.ceil((ts - t0) * fps / 1e6 - 0.25);
                if (pendingSlot >= 0) {
                    if (slot <= pendingSlot) {
                        slot = pendingSlot; // repeated or reordered timestamp
                    }
                    maxSpan = Math.max(maxSpan, slot - pendingSlot);
                    // the previous frame covers [pendingSlot, slot)
                    while (next < wanted.length && wanted[next] < slot) {
                        if (wanted[next] >= pendingSlot) {
                            if (!pendingConverted) {
                                missed = true;
                                return null;
                            }
                            out.put(wanted[next], pending);
                        } else if (!out.containsKey(wanted[next])) {
                            missed = true; // a seek overshot this slot
                            return null;
                        }
                        next++;
                    }
                } else if (slot > 0 && wanted[next] < slot && decoded > 1) {
                    missed = true; // landed past the needed slot after a seek
                    return null;
                }
                pendingSlot = slot;
                pendingConverted = convert;
                pending = convert ? copyRgb(f, sw, sh, rotation) : null;
            }
            if (missed) {
                return null;
            }
            if (decoded == 0) {
                throw VideoException.of(VideoErrorKind.EMPTY, path, "the video stream holds no decodable frame");
            }
            int padded = 0;
            if (next < wanted.length) {
                // end of stream: the last frame stays on screen
                if (pending == null) {
                    missed = true;
                    return null;
                }
                for (; next < wanted.length; next++) {
                    if (wanted[next] > pendingSlot) {
                        padded++;
                    }
                    out.put(wanted[next], pending);
                }
            }
            return new DecodedFrames(outW, outH, out, decoded, padded);
        }
    }

    /** Copies the converted RGB picture out of FFmpeg's buffer, rotating it to display orientation. */
    static byte[] copyRgb(Frame f, int w, int h, int rotation) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        int row = w * 3;
        byte[] stored = new byte[row * h];
        if (stride == row) {
            buf.get(0, stored, 0, stored.length);
        } else {
            for (int y = 0; y < h; y++) {
                buf.get(y * stride, stored, y * row, row);
            }
        }
        return rotation == 0 ? stored : Rotation.rotate(stored, w, h, rotation);
    }
}
