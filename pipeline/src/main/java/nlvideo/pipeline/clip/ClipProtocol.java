package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.List;
import nlvideo.model.Normalization;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.Deinterlace;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;

/**
 * A {@link TestProtocol} put to work on videos: its clip sampler, the clip windows of a probed
 * video, the spatial views (crops) of each clip, placed as the protocol's source places them, and
 * the decoder that reads the frames (short side, deinterlacing).
 *
 * @param test the protocol: the preset's, with any command-line overrides
 * @param deinterlace when the decoder deinterlaces ({@link Deinterlace#AUTO}: streams flagged interlaced)
 */
public record ClipProtocol(TestProtocol test, Deinterlace deinterlace) implements Serializable {

    public ClipProtocol {
        if (test == null) {
            throw new IllegalArgumentException("test protocol is null");
        }
        if (deinterlace == null) {
            throw new IllegalArgumentException("deinterlace must be auto, on or off, not null");
        }
    }

    /** The protocol deinterlacing streams flagged interlaced ({@link Deinterlace#AUTO}). */
    public ClipProtocol(TestProtocol test) {
        this(test, Deinterlace.AUTO);
    }

    /**
     * The protocol in words, for people (summary.json, report.html): for example "10 clips x 3
     * crops of 8 frames at stride 8 (pyslowfast sampling, 30 fps timeline), short side 256, crop
     * 224, grey normalisation, deinterlace auto".
     */
    public String describe() {
        String when = test.dense()
                ? "a clip every " + test.denseInterval() + " s x " + test.crops() + " crops"
                : test.clips() + " clips x " + test.crops() + " crops";
        String timeline = test.targetFps() == null ? "" : ", " + fmt(test.targetFps()) + " fps timeline";
        return String.format(
                java.util.Locale.ROOT,
                "%s of %d frames at stride %d (%s sampling%s), short side %d, crop %d, %s normalisation, deinterlace %s",
                when,
                test.frames(),
                test.stride(),
                test.sampling().name().toLowerCase(java.util.Locale.ROOT),
                timeline,
                test.shortSide(),
                test.crop(),
                test.normalization().name().toLowerCase(java.util.Locale.ROOT),
                deinterlace.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The decoder this protocol reads frames with: its short side and deinterlacing, on {@code threads}. */
    public VideoDecoder decoder(int threads) {
        return new VideoDecoder(test.shortSide(), threads).withDeinterlace(deinterlace);
    }

    /**
     * The sampler: dense every {@link TestProtocol#denseInterval()} seconds when set, else the K-clip
     * sampler of the protocol's source.
     */
    public ClipSampler sampler() {
        return test.dense() ? new DenseClipSampler(params()) : ClipSampler.of(test.sampling(), params());
    }

    /** The temporal settings the samplers read (seed 0: test sampling is not random). */
    public SamplingParams params() {
        return new SamplingParams(
                test.frames(),
                test.stride(),
                test.clips(),
                test.targetFps() == null ? 0 : test.targetFps(),
                test.dense() ? test.denseInterval() : 1.0,
                0);
    }

    /**
     * The clip windows of one probed video, in clip order.
     *
     * @throws IllegalArgumentException when the video has no frame
     */
    public List<ClipWindow> windows(VideoInfo info) {
        return sampler().sample((int) Math.min(Integer.MAX_VALUE, info.frameCount()), info.avgFps());
    }

    /**
     * The spatial views of every clip, in view order: centre, three, or the full frame, placed as the
     * protocol's source places them ({@link Crop}).
     */
    public List<Crop> cropList() {
        int size = test.crop();
        return switch (test.crops()) {
            case 0 -> List.of(Crop.full());
            case 1 -> List.of(centerCrop());
            default ->
                List.of(
                        Crop.three(size, 0, test.sampling()),
                        Crop.three(size, 1, test.sampling()),
                        Crop.three(size, 2, test.sampling()));
        };
    }

    /** The single centre view (what one-crop testing and training validation take). */
    public Crop centerCrop() {
        return Crop.center(test.crop(), test.sampling());
    }

    /** Pixels the frames' short side is scaled to when decoding. */
    public int shortSide() {
        return test.shortSide();
    }

    /** Side of the square crop, in pixels. */
    public int cropSize() {
        return test.crop();
    }

    /** Pixel normalisation of the network's input. */
    public Normalization normalization() {
        return test.normalization();
    }
}
