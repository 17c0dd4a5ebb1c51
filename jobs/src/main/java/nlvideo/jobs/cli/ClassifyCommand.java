package nlvideo.jobs.cli;

import nlvideo.jobs.report.ClassificationSection;
import picocli.CommandLine.Command;
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
            "Tables: predictions, errors, clips (--clip-scores); summary.json, report.html."
        })
public final class ClassifyCommand extends ClassificationCommand {

    @Option(names = "--all-scores", description = "Add every class's score to each prediction.")
    boolean allScores;

    @Option(names = "--clip-scores", description = "Also write the clips table: every view's scores.")
    boolean clipScores;

    @Override
    String name() {
        return "classify";
    }

    @Override
    boolean needsFeatures() {
        return false;
    }

    @Override
    void writeTables(Run run) {
        run.out().write("predictions", run.tables().predictions(run.result().videos(), allScores));
        ClassificationSection.labelDistribution(run.report(), run.result().videos(), run.labels());
        if (clipScores) {
            run.out().write("clips", run.tables().clips(run.result().clips()));
        }
    }
}
