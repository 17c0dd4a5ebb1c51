package nlvideo.jobs.cli;

import nlvideo.model.ModelConfig;
import nlvideo.model.ModelConfigException;
import nlvideo.model.ModelConfigYaml;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.video.Deinterlace;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The test protocol options ({@code --clips}, {@code --crops}, {@code --frames}, ...): the model
 * preset's {@link TestProtocol}, with any part overridden on the command line. Each option left
 * out keeps the preset's value. Bad values are usage errors (exit 2) naming the option.
 */
public final class ProtocolOptions {

    @Option(names = "--clips", paramLabel = "K", description = "Clips per video (default: the preset's).")
    Integer clips;

    @Option(
            names = "--crops",
            paramLabel = "N",
            description =
                    "Crops per clip: 1 (centre), 3 (along the long side), 0 (full frame) (default: the preset's).")
    Integer crops;

    @Option(names = "--frames", paramLabel = "T", description = "Frames per clip (default: the preset's).")
    Integer frames;

    @Option(names = "--stride", paramLabel = "S", description = "Frame stride within a clip (default: the preset's).")
    Integer stride;

    @Option(
            names = "--sampling",
            paramLabel = "NAME",
            description = "caffe2, pyslowfast, mmaction2 (where clips and crops are placed, after that code base),"
                    + " or dense (clips every --dense-interval seconds) (default: the preset's).")
    String sampling;

    @Option(
            names = "--short-side",
            paramLabel = "PX",
            description = "Short side frames are scaled to (default: the preset's).")
    Integer shortSide;

    @Option(names = "--crop-size", paramLabel = "PX", description = "Crop size (default: the preset's).")
    Integer cropSize;

    @Option(
            names = "--target-fps",
            paramLabel = "FPS",
            description = "Frame rate the stride counts in, whatever the video's (PySlowFast: 30);"
                    + " 0 for the video's own frames (default: the preset's).")
    Double targetFps;

    @Option(
            names = "--dense-interval",
            paramLabel = "SECONDS",
            description = "Dense sampling: seconds between clip starts (implies --sampling dense; default: 1).")
    Double denseInterval;

    @Option(
            names = "--deinterlace",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto: deinterlace streams flagged interlaced (FFmpeg's bwdif, one frame per frame);"
                    + " on: every frame; off: frames as stored (default: ${DEFAULT-VALUE}).")
    String deinterlace;

    /** {@code --deinterlace}; a bad value is a usage error naming the option. */
    public Deinterlace deinterlace(CommandLine cli) {
        try {
            return Deinterlace.parse(deinterlace);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--deinterlace: " + e.getMessage());
        }
    }

    /** {@code --short-side} when given, else null. */
    Integer shortSide() {
        return shortSide;
    }

    /**
     * The preset's protocol with the options given applied, put to work on videos.
     *
     * @throws CommandLine.ParameterException (exit 2) for a value the protocol cannot take
     */
    public ClipProtocol protocol(CommandLine cli, ModelConfig config) {
        return new ClipProtocol(testProtocol(cli, config.input()), deinterlace(cli));
    }

    /**
     * {@code preset} with the options given applied.
     *
     * @throws CommandLine.ParameterException (exit 2) for a value the protocol cannot take
     */
    public TestProtocol testProtocol(CommandLine cli, TestProtocol preset) {
        positive(cli, "--frames", frames);
        positive(cli, "--stride", stride);
        positive(cli, "--clips", clips);
        positive(cli, "--short-side", shortSide);
        positive(cli, "--crop-size", cropSize);
        if (crops != null && crops != 0 && crops != 1 && crops != 3) {
            throw new CommandLine.ParameterException(cli, "--crops must be 1, 3 or 0 (full frame), got " + crops);
        }
        if (targetFps != null && !(targetFps >= 0 && Double.isFinite(targetFps))) {
            throw new CommandLine.ParameterException(cli, "--target-fps must be positive (or 0), got " + targetFps);
        }
        if (denseInterval != null && !(denseInterval > 0 && Double.isFinite(denseInterval))) {
            throw new CommandLine.ParameterException(cli, "--dense-interval must be positive, got " + denseInterval);
        }
        int side = shortSide != null ? shortSide : preset.shortSide();
        int crop = cropSize != null ? cropSize : preset.crop();
        if (crop > side) {
            throw new CommandLine.ParameterException(
                    cli, "--crop-size: crop " + crop + " must not exceed the short side " + side + " (--short-side)");
        }
        TestProtocol.Sampling source = preset.sampling();
        Double dense = preset.denseInterval();
        if (sampling != null) {
            if (sampling.strip().equalsIgnoreCase("dense")) {
                dense = dense != null ? dense : 1.0;
            } else {
                try {
                    source = ModelConfigYaml.enumValue(TestProtocol.Sampling.class, sampling.strip());
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(
                            cli, "--sampling " + sampling + ": expected caffe2, pyslowfast, mmaction2 or dense");
                }
                dense = null;
            }
        }
        if (denseInterval != null) {
            dense = denseInterval;
        }
        Double fps = targetFps == null ? preset.targetFps() : targetFps == 0 ? null : targetFps;
        try {
            return new TestProtocol(
                    frames != null ? frames : preset.frames(),
                    stride != null ? stride : preset.stride(),
                    side,
                    crop,
                    clips != null ? clips : preset.clips(),
                    crops != null ? crops : preset.crops(),
                    source,
                    fps,
                    dense,
                    preset.normalization());
        } catch (ModelConfigException e) {
            throw new CommandLine.ParameterException(cli, "protocol options: " + e.getMessage());
        }
    }

    private static void positive(CommandLine cli, String option, Integer value) {
        if (value != null && value < 1) {
            throw new CommandLine.ParameterException(cli, option + " must be positive, got " + value);
        }
    }
}
