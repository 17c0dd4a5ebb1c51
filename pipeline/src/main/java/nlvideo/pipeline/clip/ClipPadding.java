package nlvideo.pipeline.clip;

/**
 * Counts the frame positions of a clip that show no new moment of the video: the clip ran past
 * the video's real end and repeats its last frame (PySlowFast's and the dense sampler's clamping,
 * or the decoder's padding when the video held fewer frames than its header said), or it wrapped
 * around to the video's start (the Caffe2 and mmaction2 samplers' looping). A prediction made on
 * such a clip rests on fewer real frames than the protocol promises, so the count is reported per
 * view and per video ({@code padded_frames}).
 *
 * <p>Position t of a clip is padded when
 * <ul>
 *   <li>its index lies past {@code lastFrameIndex} (a copy of the last frame); or
 *   <li>an earlier position's index is larger (the clip wrapped), from the wrap on; or
 *   <li>it repeats the index before it more often than the stride explains: with a video
 *       stride s below 1 (a target rate above the video's) each frame legitimately fills up to
 *       ceil(1 / s) positions; with s at least 1, every repeat is padding.
 * </ul>
 */
public final class ClipPadding {
    private ClipPadding() {}

    /**
     * @param window the clip's frame indices, in temporal order
     * @param videoStride video frames between consecutive clip frames ({@link SamplingParams#videoStride})
     * @param lastFrameIndex the index of the video's last real frame
     * @return padded positions, 0 .. window.length()
     */
    public static int count(ClipWindow window, double videoStride, int lastFrameIndex) {
        int padded = 0;
        for (boolean p : positions(window, videoStride, lastFrameIndex)) {
            padded += p ? 1 : 0;
        }
        return padded;
    }

    /**
     * Which positions of the clip are padded, by the rules above.
     *
     * @return one flag per position of {@code window}
     */
    public static boolean[] positions(ClipWindow window, double videoStride, int lastFrameIndex) {
        int allowedRepeats = videoStride >= 1 ? 1 : (int) Math.ceil(1 / videoStride);
        boolean[] padded = new boolean[window.length()];
        boolean wrapped = false;
        int run = 0;
        for (int t = 0; t < window.length(); t++) {
            int index = window.frameIndex(t);
            int previous = t > 0 ? window.frameIndex(t - 1) : -1;
            wrapped |= t > 0 && index < previous;
            run = t > 0 && index == previous ? run + 1 : 1;
            padded[t] = wrapped || index > lastFrameIndex || run > allowedRepeats;
        }
        return padded;
    }
}
