package nlvideo.pipeline.video;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The frames one decoder pass produced, keyed by their index on the constant-rate timeline: each
 * an RGB byte[] of height x width x 3 (row-major, interleaved), all of the same size. Frames are
 * shared between overlapping clips, so a frame is stored once however many clips use it.
 *
 * <p>With each frame come the facts a user needs to trust it: the source timestamp of the frame
 * that fills the index, whether the index lay past the last frame of the stream (then it holds a
 * copy of the last frame, as PySlowFast's clamping would: a frame count estimated too high, or a
 * truncated file), and the decode errors FFmpeg reported while reading, placed at the index of the
 * frame they came before.
 */
public final class DecodedFrames {
    private final int width;
    private final int height;
    private final NavigableMap<Integer, byte[]> frames;
    private final NavigableMap<Integer, Double> sourceSeconds;
    private final NavigableMap<Integer, Integer> errorsAt;
    private final int decodedFrameCount;
    private final int lastFrameIndex;

    DecodedFrames(
            int width,
            int height,
            NavigableMap<Integer, byte[]> frames,
            NavigableMap<Integer, Double> sourceSeconds,
            NavigableMap<Integer, Integer> errorsAt,
            int decodedFrameCount,
            int lastFrameIndex) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.sourceSeconds = sourceSeconds;
        this.errorsAt = errorsAt;
        this.decodedFrameCount = decodedFrameCount;
        this.lastFrameIndex = lastFrameIndex;
    }

    /** Frame width in pixels, as displayed (sample aspect ratio and rotation applied) and scaled. */
    public int width() {
        return width;
    }

    /** Frame height in pixels, as displayed and scaled. */
    public int height() {
        return height;
    }

    /**
     * The RGB bytes (H x W x 3) of timeline frame {@code index}.
     *
     * @throws IllegalArgumentException when the index was not requested from the decoder
     */
    public byte[] frame(int index) {
        byte[] f = frames.get(index);
        if (f == null) {
            throw new IllegalArgumentException("frame " + index + " was not requested from the decoder; have "
                    + (frames.isEmpty() ? "none" : frames.firstKey() + ".." + frames.lastKey()));
        }
        return f;
    }

    public boolean has(int index) {
        return frames.containsKey(index);
    }

    /** All frames by index, read-only. */
    public Map<Integer, byte[]> asMap() {
        return Collections.unmodifiableMap(frames);
    }

    /**
     * The presentation time, in seconds on the stream's clock ({@code ffprobe}'s {@code pts_time}),
     * of the decoded frame that fills {@code index}; NaN for frames not made by the decoder.
     */
    public double sourceSeconds(int index) {
        Double s = sourceSeconds.get(index);
        return s == null ? Double.NaN : s;
    }

    /** How many frames the decoder produced while reading (needed or not). */
    public int decodedFrameCount() {
        return decodedFrameCount;
    }

    /**
     * The timeline index at which the stream's last frame starts, when the pass read to the end of
     * the stream; -1 when it stopped earlier (every requested index then lies within the video).
     */
    public int lastFrameIndex() {
        return lastFrameIndex;
    }

    /**
     * The index of the video's last real frame: where the stream ended, when this pass reached
     * its end, else {@code frameCount - 1} (the probe's count).
     */
    public int lastRealIndex(long frameCount) {
        int last = (int) Math.min(Integer.MAX_VALUE, frameCount - 1);
        return lastFrameIndex >= 0 ? Math.min(last, lastFrameIndex) : last;
    }

    /** Whether {@code index} lay past the stream's last frame and holds a copy of it. */
    public boolean isPadded(int index) {
        return lastFrameIndex >= 0 && index > lastFrameIndex;
    }

    /** Requested indices that lay past the end of the video and repeat its last frame. */
    public int paddedIndices() {
        return lastFrameIndex < 0 ? 0 : frames.tailMap(lastFrameIndex, false).size();
    }

    /** Decode errors FFmpeg reported during the whole pass. */
    public int decodeErrors() {
        return errorsAt.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Decode errors reported just before the frames of indices {@code from..to} (inclusive) were
     * output: what damaged those frames (errors past the stream's last frame count at its index + 1).
     */
    public int decodeErrors(int from, int to) {
        if (to < from) {
            return 0;
        }
        return errorsAt.subMap(from, true, to, true).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    /**
     * Frames built elsewhere (tests, other readers): each value must hold height x width x 3 bytes.
     *
     * @throws IllegalArgumentException when a frame has the wrong size
     */
    public static DecodedFrames of(int width, int height, Map<Integer, byte[]> frames) {
        for (Map.Entry<Integer, byte[]> e : frames.entrySet()) {
            if (e.getValue().length != width * height * 3) {
                throw new IllegalArgumentException("frame " + e.getKey() + " has " + e.getValue().length
                        + " bytes, expected " + (width * height * 3));
            }
        }
        return new DecodedFrames(
                width, height, new TreeMap<>(frames), new TreeMap<>(), new TreeMap<>(), frames.size(), -1);
    }
}
