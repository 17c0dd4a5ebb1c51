package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nlvideo.jobs.spark.ParquetManifest;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.DirectoryReader;
import nlvideo.pipeline.dataset.InputType;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoExtensions;
import nlvideo.pipeline.dataset.VideoInputs;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which videos a job reads: a folder, one file, a manifest, or a dataset's annotation file. */
public final class InputOptions {

    // Required, but checked in validate: classify and extract-features take --watch DIR instead.
    @Option(
            names = "--input",
            paramLabel = "PATH",
            description = "A folder of videos (recursive), one video, a manifest "
                    + "(.csv, .jsonl, .parquet), or a Kinetics / Charades annotation CSV.")
    public Path input;

    @Option(
            names = "--input-type",
            paramLabel = "TYPE",
            description = "auto (default: from the name), dir, manifest, kinetics, charades.")
    public String inputType = "auto";

    @Option(
            names = "--videos",
            paramLabel = "DIR",
            description = "Where the videos of a Kinetics or Charades annotation file are"
                    + " (default: the annotation file's folder).")
    public Path videos;

    /** Checks what can be checked before Spark starts. */
    public void validate(CommandLine cli) {
        if (input == null) {
            throw new CommandLine.ParameterException(cli, "Missing required option: '--input=PATH'");
        }
        if (!Files.exists(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " does not exist");
        }
        if (videos != null && !Files.isDirectory(videos)) {
            throw new CommandLine.ParameterException(cli, "--videos " + videos + " is not a folder");
        }
        try {
            type();
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cli, "--input-type: " + e.getMessage());
        }
    }

    /**
     * The input's videos, in a deterministic order. A malformed input is a usage error (exit 2)
     * that names the file and line; Parquet manifests are read with Spark.
     *
     * @param labels the label list that labels must belong to, or null to keep them as written
     */
    public List<VideoRef> read(CommandLine cli, SparkSession spark, LabelList labels) {
        return read(cli, spark, labels, false);
    }

    /** As {@link #read(CommandLine, SparkSession, LabelList)}; a folder gives every file when {@code everyFile}. */
    public List<VideoRef> read(CommandLine cli, SparkSession spark, LabelList labels, boolean everyFile) {
        try {
            InputType type = type();
            if (type == InputType.DIR && everyFile) {
                return DirectoryReader.read(input, true);
            }
            if (type == InputType.MANIFEST
                    && VideoExtensions.extension(input.getFileName().toString()).equals("parquet")) {
                return ParquetManifest.read(spark, input, labels);
            }
            return VideoInputs.read(type, input, videos, labels);
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cli, "--input: " + e.getMessage());
        }
    }

    private InputType type() {
        return inputType.equalsIgnoreCase("auto") ? InputType.detect(input) : InputType.parse(inputType);
    }
}
