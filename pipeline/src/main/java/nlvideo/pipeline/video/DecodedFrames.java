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
 * <p>{@code paddedIndices} counts requested indices past the last decodable frame (a frame count
 * that was estimated too high, or a truncated file): they hold a copy of the last decoded frame,
 * as PySlowFast's clamping would, and the count lets callers report it.
 */
public final class DecodedFrames {
    private final int width;
    private final int height;
    private final NavigableMap<Integer, byte[]> frames;
    private final int decodedFrameCount;
    private final int paddedIndices;

    DecodedFrames(
            int width, int height, NavigableMap<Integer, byte[]> frames, int decodedFrameCount, int paddedIndices) {
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.decodedFrameCount = decodedFrameCount;
        this.paddedIndices = paddedIndices;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The RGB bytes (H x W x 3) of timeline frame {@code index}. */
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

    /** How many frames the decoder produced while reading (needed or not). */
    public int decodedFrameCount() {
        return decodedFrameCount;
    }

    /** Requested indices that lay past the end of the video and repeat its last frame. */
    public int paddedIndices() {
        return paddedIndices;
    }

    /** Frames built elsewhere (tests, other readers): each value must hold height x width x 3 bytes. */
    public static DecodedFrames of(int width, int height, Map<Integer, byte[]> frames) {
        for (Map.Entry<Integer, byte[]> e : frames.entrySet()) {
            if (e.getValue().length != width * height * 3) {
                throw new IllegalArgumentException("frame " + e.getKey() + " has " + e.getValue().length
                        + " bytes, expected " + (width * height * 3));
            }
        }
        return new DecodedFrames(width, height, new TreeMap<>(frames), frames.size(), 0);
    }
}
