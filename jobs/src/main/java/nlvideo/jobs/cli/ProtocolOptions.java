package nlvideo.jobs.cli;

import java.util.Locale;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipSampler;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.transform.Normalization;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The test protocol: the model preset's, with any part overridden on the command line. */
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
            description = "caffe2, pyslowfast, mmaction2, dense (default: the preset's).")
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
            description = "Resample to this frame rate before striding (PySlowFast: 30; default: none).")
    Double targetFps;

    @Option(
            names = "--dense-interval",
            paramLabel = "SECONDS",
            description = "With --sampling dense: seconds between clip starts (default: 1).")
    Double denseInterval;

    /**
     * The test protocol: the preset's, with the options given. Each option is checked on its own
     * first, so that a bad value names its option.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming the option
     */
    public ClipProtocol protocol(CommandLine cli, ModelConfig config) {
        ModelConfig.Input in = config.input();
        int t = frames != null ? frames : in.frames();
        int s = stride != null ? stride : in.stride();
        int k = clips != null ? clips : in.clips();
        if (t < 1 || s < 1 || k < 1) {
            throw new CommandLine.ParameterException(cli, "--frames, --stride and --clips must be positive");
        }
        int side = shortSide != null ? shortSide : in.shortSide();
        int crop = cropSize != null ? cropSize : in.crop();
        require(cli, crops == null || crops == 0 || crops == 1 || crops == 3, "--crops must be 1, 3 or 0 (full frame)");
        require(cli, shortSide == null || shortSide >= 0, "--short-side must be >= 0 (0: the stored size)");
        require(cli, cropSize == null || cropSize >= 1, "--crop-size must be >= 1");
        require(cli, side == 0 || crop <= side, "--crop-size " + crop + " is larger than the short side " + side);
        require(cli, targetFps == null || targetFps >= 0, "--target-fps must be >= 0 (0: the video's own rate)");
        require(cli, denseInterval == null || denseInterval > 0, "--dense-interval must be > 0 seconds");
        require(
                cli,
                sampling == null || ClipSampler.NAMES.contains(sampling.toLowerCase(Locale.ROOT)),
                "--sampling must be one of " + String.join(", ", ClipSampler.NAMES));
        try {
            SamplingParams params = SamplingParams.of(t, s, k);
            if (targetFps != null) {
                params = params.withTargetFps(targetFps);
            }
            if (denseInterval != null) {
                params = params.withDenseInterval(denseInterval);
            }
            String samplerName =
                    sampling != null ? sampling : in.sampling().name().toLowerCase(Locale.ROOT);
            return new ClipProtocol(
                    samplerName,
                    params,
                    side,
                    crop,
                    crops != null ? crops : in.crops(),
                    Normalization.byName(in.normalization().name()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "protocol options: " + e.getMessage());
        }
    }

    private static void require(CommandLine cli, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(cli, message);
        }
    }
}
