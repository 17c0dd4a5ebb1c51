package nlvideo.jobs.cli;

import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.transform.Normalization;
import nlvideo.pipeline.video.Deinterlace;
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
     * The preset's protocol with the options given on the command line.
     *
     * @throws CommandLine.ParameterException naming the option, for a value the protocol refuses
     */
    public ClipProtocol protocol(CommandLine cli, ModelConfig config) {
        ModelConfig.Input in = config.input();
        int t = frames != null ? frames : in.frames();
        int s = stride != null ? stride : in.stride();
        int k = clips != null ? clips : in.clips();
        if (t < 1 || s < 1 || k < 1) {
            throw new CommandLine.ParameterException(cli, "--frames, --stride and --clips must be positive");
        }
        SamplingParams params = SamplingParams.of(t, s, k);
        if (targetFps != null) {
            params = params.withTargetFps(targetFps);
        }
        if (denseInterval != null) {
            params = params.withDenseInterval(denseInterval);
        }
        String samplerName = sampling != null ? sampling : in.sampling().name().toLowerCase();
        Deinterlace mode = deinterlace(cli);
        try {
            return new ClipProtocol(
                    samplerName,
                    params,
                    shortSide != null ? shortSide : in.shortSide(),
                    cropSize != null ? cropSize : in.crop(),
                    crops != null ? crops : in.crops(),
                    Normalization.byName(in.normalization().name()),
                    mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "protocol options: " + e.getMessage());
        }
    }
}
