package nlvideo.pipeline.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;
import nlvideo.pipeline.clip.ClipWindow;

/**
 * Reads, in one pass over a file, exactly the frames that a list of clip windows needs, as RGB
 * bytes shaped as players show them: the stream the probe chose ({@link VideoInfo#streamIndex()}),
 * converted with the stream's colour matrix and range, the sample aspect ratio and the rotation
 * applied, deinterlaced when {@link Deinterlace} says so, and scaled by FFmpeg so that the
 * displayed short side is {@code shortSide}.
 *
 * <p><b>Timeline.</b> Frame index i is the frame on screen at time t0 + i / fps, where t0 is the
 * first frame's timestamp and fps the stream's average rate ({@link VideoInfo#avgFps()}). For a
 * constant-rate file that is simply the i-th frame; for a variable-rate file, a frame held longer
 * fills several indices and a burst of short frames keeps only the last of each slot, so clip
 * durations stay true in seconds. Decoded frame k with timestamp p starts at slot
 * ceil((p - t0) x fps - 1/4): the quarter-slot tolerance absorbs timestamps rounded to coarse
 * time bases (e.g. milliseconds in MKV/WebM). A frame lost to damage leaves its slot to the frame
 * before it. Indices past the last frame repeat it, and {@link DecodedFrames#isPadded} says so.
 *
 * <p><b>Cost.</b> Every frame up to the last needed one is decoded (inter-frame codecs need
 * them), but only frames that can fill a needed slot are colour-converted and scaled. Across a
 * gap longer than {@link #SEEK_THRESHOLD_FRAMES} slots the decoder seeks instead of reading
 * through.
 *
 * <p>Instances are immutable and thread-safe; each call opens and releases its own reader.
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
    private final Deinterlace deinterlace;

    /**
     * @param shortSide the displayed short side after scaling (e.g. 256), or 0 for the displayed
     *     size (sample aspect ratio and rotation applied, no scaling)
     */
    public VideoDecoder(int shortSide) {
        this(shortSide, 1);
    }

    /**
     * @param threads FFmpeg decoding threads per call; 1 when Spark already runs one task per core
     * @throws IllegalArgumentException for a negative short side or thread count
     */
    public VideoDecoder(int shortSide, int threads) {
        this(shortSide, threads, SEEK_THRESHOLD_FRAMES, Deinterlace.AUTO);
        if (shortSide < 0) {
            throw new IllegalArgumentException("shortSide must be >= 0, got " + shortSide);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    private VideoDecoder(int shortSide, int threads, int seekThreshold, Deinterlace deinterlace) {
        this.shortSide = shortSide;
        this.threads = threads;
        this.seekThreshold = seekThreshold;
        this.deinterlace = deinterlace;
    }

    /** The same decoder seeking across gaps longer than {@code frames} (for measurements). */
    public VideoDecoder withSeekThreshold(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("seek threshold must be >= 0");
        }
        return new VideoDecoder(shortSide, threads, frames, deinterlace);
    }

    /** The same decoder deinterlacing as {@code mode} says (default {@link Deinterlace#AUTO}). */
    public VideoDecoder withDeinterlace(Deinterlace mode) {
        return new VideoDecoder(shortSide, threads, seekThreshold, mode);
    }

    /** The displayed short side frames are scaled to, in pixels; 0 for the displayed size. */
    public int shortSide() {
        return shortSide;
    }

    /** When this decoder deinterlaces. */
    public Deinterlace deinterlace() {
        return deinterlace;
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

    /**
     * Decodes the frames at the given timeline indices (any order, duplicates allowed).
     *
     * @throws VideoException {@code not_found}, {@code corrupt} (nothing decodes, or the container
     *     will not open), {@code empty} (the stream holds no frame), {@code unsupported}
     * @throws IllegalArgumentException for a negative index
     */
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

    /** Takes the frames of {@link #forEachFrame}, one at a time, in presentation order. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param rgb the frame, {@code height} x {@code width} x 3 bytes (R G B), row-major, in
         *     stored orientation; the sink owns it
         * @param micros its presentation time in microseconds on the stream's clock
         * @throws IOException to stop the read (it reaches the caller of {@link #forEachFrame})
         */
        void accept(byte[] rgb, int width, int height, long micros) throws IOException;
    }

    /**
     * Reads every frame of the stream in presentation order, each converted as {@link
     * #decodeIndices} converts frames (the probe's stream, its colour matrix and range, the
     * sample aspect ratio applied, deinterlaced as {@link #deinterlace()} says, scaled to {@link
     * #outputSize}) but left in stored orientation: for a rotation of 90 or 270 degrees width and
     * height are those of {@link #outputSize} swapped, and turning the picture is the caller's
     * (e.g. a display matrix in the file it writes). No frame is dropped, repeated or retimed;
     * memory does not grow with the video's length.
     *
     * @return the number of frames handed to the sink
     * @throws VideoException {@code not_found}, {@code corrupt} (nothing decodes, or the container
     *     will not open), {@code empty} (the stream holds no frame), {@code unsupported}
     * @throws IOException what the sink throws
     */
    public long forEachFrame(Path path, VideoInfo info, FrameSink sink) throws VideoException, IOException {
        VideoProbe.checkReadable(path);
        int[] shown = outputSize(info);
        boolean swap = info.rotation() == 90 || info.rotation() == 270;
        int width = swap ? shown[1] : shown[0];
        int height = swap ? shown[0] : shown[1];
        long frames = 0;
        try (StreamReader reader = StreamReader.open(path, info, deinterlace, threads)) {
            while (reader.next()) {
                sink.accept(reader.rgb(width, height), width, height, reader.timestampMicros());
                frames++;
            }
            if (frames == 0) {
                throw nothingDecoded(path, reader.errors());
            }
        }
        return frames;
    }

    /**
     * The output size for a video: {displayed width, displayed height} scaled so that the short
     * side is {@link #shortSide()} (unscaled when it is 0), from the probe's displayed size.
     */
    public int[] outputSize(VideoInfo info) {
        int dw = info.width();
        int dh = info.height();
        if (shortSide == 0) {
            return new int[] {dw, dh};
        }
        if (dw <= dh) {
            return new int[] {shortSide, (int) Math.round((double) dh * shortSide / dw)};
        }
        return new int[] {(int) Math.round((double) dw * shortSide / dh), shortSide};
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
            int[] shown = outputSize(info);
            int rotation = info.rotation();
            boolean swap = rotation == 90 || rotation == 270;
            int sw = swap ? shown[1] : shown[0];
            int sh = swap ? shown[0] : shown[1];
            if (wanted.length == 0) {
                return new DecodedFrames(shown[0], shown[1], new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), 0, -1);
            }
            double fps = info.avgFps() > 0 ? info.avgFps() : 25;
            try (StreamReader reader = StreamReader.open(path, info, deinterlace, threads)) {
                return read(reader, sw, sh, rotation, shown[0], shown[1], fps);
            }
        }

        private DecodedFrames read(StreamReader r, int sw, int sh, int rotation, int outW, int outH, double fps)
                throws VideoException {
            TreeMap<Integer, byte[]> out = new TreeMap<>();
            TreeMap<Integer, Double> seconds = new TreeMap<>();
            TreeMap<Integer, Integer> errorsAt = new TreeMap<>();
            int errorsSeen = 0;
            int next = 0; // position in wanted of the first slot not yet filled
            long t0 = Long.MIN_VALUE;
            int decoded = 0;
            int maxSpan = 1;
            int pendingSlot = -1; // slot where the previous frame starts
            byte[] pending = null;
            double pendingSeconds = Double.NaN;
            boolean pendingConverted = false;
            boolean ended = false;
            while (next < wanted.length) {
                if (t0 != Long.MIN_VALUE
                        && !careful
                        && pendingSlot >= 0
                        && wanted[next] - pendingSlot > seekThreshold) {
                    // long gap: nothing between here and wanted[next] is needed
                    long target = t0 + Math.round((wanted[next] - SEEK_MARGIN_FRAMES) * 1e6 / fps);
                    if (!r.seek(target)) {
                        missed = true;
                        break;
                    }
                    pendingSlot = -1;
                    pending = null;
                    pendingConverted = false;
                }
                int nextWanted = wanted[next];
                boolean convert = careful || pendingSlot < 0 || nextWanted - pendingSlot <= 2 * maxSpan + 1;
                if (!r.next()) {
                    ended = true;
                    break;
                }
                decoded++;
                long ts = r.timestampMicros();
                if (t0 == Long.MIN_VALUE) {
                    t0 = ts;
                }
                int slot = (int) Math.ceil((ts - t0) * fps / 1e6 - 0.25);
                if (pendingSlot >= 0 && slot <= pendingSlot) {
                    slot = pendingSlot; // repeated or reordered timestamp
                }
                int errors = r.errors();
                if (errors > errorsSeen) {
                    errorsAt.merge(Math.max(slot, 0), errors - errorsSeen, Integer::sum);
                    errorsSeen = errors;
                }
                if (pendingSlot >= 0) {
                    maxSpan = Math.max(maxSpan, slot - pendingSlot);
                    // the previous frame covers [pendingSlot, slot)
                    while (next < wanted.length && wanted[next] < slot) {
                        if (wanted[next] >= pendingSlot) {
                            if (!pendingConverted) {
                                missed = true;
                                return null;
                            }
                            out.put(wanted[next], pending);
                            seconds.put(wanted[next], pendingSeconds);
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
                pendingSeconds = r.timestampSeconds();
                pending = convert ? rotate(r.rgb(sw, sh), sw, sh, rotation) : null;
            }
            if (missed) {
                return null;
            }
            if (decoded == 0) {
                throw nothingDecoded(path, r.errors());
            }
            if (r.errors() > errorsSeen) {
                errorsAt.merge(pendingSlot + 1, r.errors() - errorsSeen, Integer::sum);
            }
            if (next < wanted.length) {
                // end of stream: the last frame stays on screen
                if (pending == null) {
                    missed = true;
                    return null;
                }
                for (; next < wanted.length; next++) {
                    out.put(wanted[next], pending);
                    seconds.put(wanted[next], pendingSeconds);
                }
            }
            return new DecodedFrames(outW, outH, out, seconds, errorsAt, decoded, ended ? pendingSlot : -1);
        }
    }

    /** Why a read gave no frame: {@code corrupt} when FFmpeg reported errors, else {@code empty}. */
    private static VideoException nothingDecoded(Path path, int errors) {
        if (errors > 0) {
            return VideoException.of(
                    VideoErrorKind.CORRUPT, path, "no frame could be decoded (" + errors + " decode errors)");
        }
        return VideoException.of(VideoErrorKind.EMPTY, path, "the video stream holds no decodable frame");
    }

    /** Turns a converted picture (w x h, stored orientation) to display orientation. */
    private static byte[] rotate(byte[] stored, int w, int h, int rotation) {
        return rotation == 0 ? stored : Rotation.rotate(stored, w, h, rotation);
    }
}
