package nlvideo.jobs.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nlvideo.pipeline.synthetic.ConcatenatedDataset;
import nlvideo.pipeline.synthetic.MotionClass;
import nlvideo.pipeline.synthetic.SyntheticDataset;
import nlvideo.pipeline.video.SampleVideos;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo make-dataset}: the synthetic-motion dataset, whose classes only the order of the
 * frames tells apart, for training and checking temporal models without any download.
 */
@Command(
        name = "make-dataset",
        mixinStandardHelpOptions = true,
        description = "Write the synthetic-motion dataset: short videos of moving shapes in 10 classes"
                + " (moving left/right, growing/shrinking, rotating clockwise/counterclockwise,"
                + " meeting/parting, fading in/out) that look alike frame by frame and differ only in"
                + " time; with train.csv, val.csv, test.csv manifests and labels.txt.")
public final class MakeDatasetCommand implements Callable<Integer> {

    /** Codecs offered, each in the container that suits it. */
    enum Codec {
        h264(SampleVideos.Format.H264_MP4),
        mpeg4(SampleVideos.Format.MPEG4_MP4),
        vp9(SampleVideos.Format.VP9_WEBM),
        mjpeg(SampleVideos.Format.MJPEG_AVI);

        final SampleVideos.Format format;

        Codec(SampleVideos.Format format) {
            this.format = format;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path output;

    @Option(
            names = "--seed",
            required = true,
            paramLabel = "N",
            description = "Random seed; the same seed writes the same dataset.")
    long seed;

    @Option(
            names = "--train",
            paramLabel = "N",
            defaultValue = "800",
            description = "Training videos (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(
            names = "--val",
            paramLabel = "N",
            defaultValue = "100",
            description = "Validation videos (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(
            names = "--test",
            paramLabel = "N",
            defaultValue = "200",
            description = "Test videos (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(
            names = "--size",
            paramLabel = "PIXELS",
            defaultValue = "64",
            description = "Frame side, even, >= 16 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--frames",
            paramLabel = "N",
            defaultValue = "32",
            description = "Frames per video (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--fps",
            paramLabel = "RATE",
            defaultValue = "16",
            description = "Frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--codec",
            paramLabel = "CODEC",
            defaultValue = "h264",
            description =
                    "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); h264 and mpeg4 in .mp4, vp9 in .webm, mjpeg in .avi.")
    Codec codec;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Videos written at once (default: the number of cores).")
    Integer threads;

    @Option(
            names = "--concat",
            paramLabel = "N",
            defaultValue = "1",
            description = "Untrimmed videos: join N clips (--frames frames each) of different classes"
                    + " one after the other, with the true segments in segments.csv and the classes in"
                    + " order in the manifests' labels column (default: ${DEFAULT-VALUE}, single clips).")
    int concat;

    @Option(
            names = "--overwrite",
            description = "Replace a folder an earlier nlvideo command wrote (it holds "
                    + nlvideo.jobs.output.OutputFolder.MARKER + ").")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        requireAtLeast("--train", train, 0);
        requireAtLeast("--val", val, 0);
        requireAtLeast("--test", test, 0);
        requireAtLeast("--frames", frames, 2);
        requireAtLeast("--concat", concat, 1);
        if (size < 16 || size % 2 != 0) {
            throw new CommandLine.ParameterException(cli, "--size must be even and >= 16, got " + size);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new CommandLine.ParameterException(cli, "--fps must be a positive number, got " + fps);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        requireAtLeast("--threads", workers, 1);
        OutputOptions.claimFolder(
                cli, output, overwrite, "make-dataset", Map.of("seed", Long.toString(seed)), List.of());
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("train", train);
        counts.put("val", val);
        counts.put("test", test);
        SyntheticDataset.Config config =
                new SyntheticDataset.Config(seed, counts, size, frames, fps, codec.format, workers);
        long start = System.nanoTime();
        int videos = concat > 1
                ? ConcatenatedDataset.write(output, config, concat).size()
                : SyntheticDataset.write(output, config).size();
        double seconds = (System.nanoTime() - start) / 1e9;
        cli.getOut()
                .printf(
                        "wrote %d videos (%d classes; train %d, val %d, test %d) of %dx%d, %d frames at %s fps to %s in %.1f s%n",
                        videos,
                        MotionClass.values().length,
                        train,
                        val,
                        test,
                        size,
                        size,
                        frames * concat,
                        fps,
                        output,
                        seconds);
        cli.getOut().flush();
        return 0;
    }

    private void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " must be >= " + min + ", got " + value);
        }
    }
}
