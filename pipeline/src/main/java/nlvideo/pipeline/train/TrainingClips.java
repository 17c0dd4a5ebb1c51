package nlvideo.pipeline.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.clip.RandomClipSampler;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.DecodedFrames;

/**
 * The clips a network sees from in-memory videos, following the protocol of a model preset.
 *
 * <ul>
 *   <li>{@link #random}: the training clip, PySlowFast style: a random temporal window
 *       ({@link nlvideo.pipeline.clip.RandomClipSampler}), a random square crop of the preset's
 *       crop size anywhere in the frame, and a horizontal flip half of the time only when asked
 *       (a flip turns "moving left" into "moving right").
 *   <li>{@link #test}: the protocol's clip windows with the centre crop, as {@code classify}
 *       takes them with one crop.
 * </ul>
 * Every random choice comes from the seed given, so a clip is a pure function of
 * (video, seed): training can be resumed and repeated exactly.
 */
public final class TrainingClips {
    private final ClipProtocol protocol;
    private final ClipTransform transform;
    private final boolean flip;

    /**
     * @param protocol frames per clip, stride, target fps, crop size and normalisation of the preset
     * @param flip mirror half of the training clips
     */
    public TrainingClips(ClipProtocol protocol, boolean flip) {
        this.protocol = protocol;
        this.transform = new ClipTransform(protocol.normalization());
        this.flip = flip;
    }

    /** Side of the square clips, in pixels. */
    public int cropSize() {
        return protocol.cropSize();
    }

    /** A random training clip of {@code video}, all of whose choices follow from {@code seed}. */
    public ClipTensor random(DecodedVideo video, long seed) {
        SamplingParams params = new SamplingParams(
                protocol.params().framesPerClip(),
                protocol.params().stride(),
                1,
                protocol.params().targetFps(),
                1.0,
                seed);
        ClipWindow window = new RandomClipSampler(params)
                .sample(video.frameCount(), video.info().avgFps())
                .get(0);
        DecodedFrames frames = video.frames();
        int size = protocol.cropSize();
        if (size > frames.height() || size > frames.width()) {
            throw new IllegalArgumentException("crop " + size + " does not fit the " + frames.width() + "x"
                    + frames.height() + " frames of " + video.ref().videoId());
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int y0 = random.nextInt(frames.height() - size + 1);
        int x0 = random.nextInt(frames.width() - size + 1);
        boolean mirror = flip && random.nextBoolean();
        // cut the crop out of each frame, then let the shared transform normalise the whole square
        Map<Integer, byte[]> cut = new HashMap<>();
        int[] indices = window.frameIndices();
        for (int i : indices) {
            cut.computeIfAbsent(i, k -> crop(frames, k, y0, x0, size));
        }
        Crop whole = mirror ? Crop.full().flipped() : Crop.full();
        return transform.apply(DecodedFrames.of(size, size, cut), window, whole);
    }

    /** The protocol's test clips of {@code video}, centre crop, in clip order. */
    public List<ClipTensor> test(DecodedVideo video) {
        List<ClipTensor> clips = new ArrayList<>();
        for (ClipWindow w : protocol.windows(video.info())) {
            clips.add(transform.apply(video.frames(), w, protocol.centerCrop()));
        }
        return clips;
    }

    private static byte[] crop(DecodedFrames frames, int index, int y0, int x0, int size) {
        byte[] src = frames.frame(index);
        byte[] out = new byte[size * size * 3];
        int rowBytes = size * 3;
        for (int y = 0; y < size; y++) {
            System.arraycopy(src, ((y0 + y) * frames.width() + x0) * 3, out, y * rowBytes, rowBytes);
        }
        return out;
    }
}
