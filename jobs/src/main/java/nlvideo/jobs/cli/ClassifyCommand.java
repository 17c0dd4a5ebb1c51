package nlvideo.jobs.cli;

import java.nio.file.Path;
import java.util.List;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.linearprobe.LinearProbe;
import nlvideo.jobs.report.ClassificationSection;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.dataset.LabelList;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nlvideo classify}: top-k labels per video, every input accounted for. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Classify every input video with an NL-I3D model: per-video top-k labels and"
                    + " scores from the model preset's test protocol (clips x crops), aggregated over"
                    + " the views. Videos that cannot be used go to the errors table with the reason.",
            "Tables: predictions, errors, clips (--clip-scores); summary.json, report.html.",
            "--watch DIR instead of --input: classify the videos that land in DIR as they come."
        })
public final class ClassifyCommand extends ClassificationCommand {

    @Option(names = "--all-scores", description = "Add every class's score to each prediction.")
    boolean allScores;

    @Option(names = "--clip-scores", description = "Also write the clips table: every view's scores.")
    boolean clipScores;

    @Option(
            names = "--probe",
            paramLabel = "DIR",
            description = "Score with a linear probe (train-probe) on the backbone's mean pool5 feature"
                    + " instead of the network's head: the probe's classes replace --labels;"
                    + " --aggregate and --clip-scores do not apply.")
    Path probeDir;

    @Mixin
    WatchOptions watch;

    private LinearProbe probe;

    @Override
    String name() {
        return "classify";
    }

    @Override
    boolean needsFeatures() {
        return probeDir != null;
    }

    @Override
    WatchOptions watchOptions() {
        return watch;
    }

    /** With {@code --probe}: the probe's classes, once the probe is checked against the network. */
    @Override
    LabelList classes(CommandLine cli, ModelConfig config) {
        LabelList network = super.classes(cli, config);
        if (probeDir == null) {
            return network;
        }
        if (clipScores) {
            throw new CommandLine.ParameterException(
                    cli, "--clip-scores does not apply with --probe: the probe scores whole videos");
        }
        try {
            probe = LinearProbe.open(probeDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--probe: " + e.getMessage());
        }
        LinearProbe.Info info = probe.info();
        if (info.featureWidth() != config.featureWidth()) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--probe " + probeDir + " takes " + info.featureWidth() + "-d features, but --model "
                            + config.name() + " gives " + config.featureWidth() + "-d ones");
        }
        if (info.backboneModel() != null && !info.backboneModel().equals(config.name())) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--probe " + probeDir + " was trained on features of " + info.backboneModel() + ", not of --model "
                            + config.name());
        }
        return probe.classes();
    }

    @Override
    List<VideoOutcome> scored(SparkSession spark, List<VideoOutcome> videos) {
        return probe == null ? videos : probe.score(spark, videos);
    }

    @Override
    void writeTables(Run run) {
        run.out().write("predictions", run.tables().predictions(run.result().videos(), allScores));
        ClassificationSection.labelDistribution(run.report(), run.result().videos(), run.labels());
        if (clipScores) {
            run.out().write("clips", run.tables().clips(run.result().clips()));
        }
        if (probe != null) {
            run.summary().config("probe", probe.dir().toString());
        }
    }
}
