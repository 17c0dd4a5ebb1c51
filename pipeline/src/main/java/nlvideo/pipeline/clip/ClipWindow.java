package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One clip of a video: the frame indices (on the decoder's constant-rate timeline) whose frames
 * form the clip, in temporal order. Indices may repeat (clamped or looped sampling of short videos).
 * A clip plan is a list of these; the decoder reads the union of their indices in one pass.
 */
public record ClipWindow(int clipIndex, int[] frameIndices) implements Serializable {

    /**
     * T frames from {@code start} at {@code stride} (floored), indices wrapping modulo the video's
     * {@code frameCount}: how the Caffe2 and mmaction2 test protocols loop short videos.
     */
    public static ClipWindow wrapping(int clipIndex, long start, double stride, int frames, int frameCount) {
        int[] idx = new int[frames];
        for (int t = 0; t < frames; t++) {
            idx[t] = (int) ((start + (long) Math.floor(t * stride)) % frameCount);
        }
        return new ClipWindow(clipIndex, idx);
    }

    public ClipWindow {
        if (frameIndices == null || frameIndices.length == 0) {
            throw new IllegalArgumentException("a clip needs at least one frame index");
        }
        for (int i : frameIndices) {
            if (i < 0) {
                throw new IllegalArgumentException("negative frame index " + i + " in clip " + clipIndex);
            }
        }
        frameIndices = frameIndices.clone();
    }

    /** Number of frames in the clip (T). */
    public int length() {
        return frameIndices.length;
    }

    /** The frame index at position {@code t} of the clip. */
    public int frameIndex(int t) {
        return frameIndices[t];
    }

    @Override
    public int[] frameIndices() {
        return frameIndices.clone();
    }

    /** The smallest frame index of the clip (the decoder's first frame to reach). */
    public int minIndex() {
        return Arrays.stream(frameIndices).min().getAsInt();
    }

    /** The largest frame index of the clip (the decoder's last frame to reach). */
    public int maxIndex() {
        return Arrays.stream(frameIndices).max().getAsInt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClipWindow w && w.clipIndex == clipIndex && Arrays.equals(w.frameIndices, frameIndices);
    }

    @Override
    public int hashCode() {
        return 31 * clipIndex + Arrays.hashCode(frameIndices);
    }

    @Override
    public String toString() {
        return "ClipWindow[" + clipIndex + ": " + Arrays.toString(frameIndices) + "]";
    }
}
