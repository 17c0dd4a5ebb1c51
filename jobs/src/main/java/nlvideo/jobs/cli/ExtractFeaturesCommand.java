package nlvideo.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nlvideo extract-features}: pool5 features per clip and their mean per video. */
@Command(
        name = "extract-features",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Extract pool5 features (the global average of res5: 2048-d for R50) of"
                    + " every view, with video id, clip index, crop and start and end time, and the mean"
                    + " per video. For long videos use --sampling dense --dense-interval SECONDS.",
            "Tables: clip_features, video_features, predictions, errors; summary.json.",
            "--watch DIR instead of --input: extract the features of the videos that land in DIR as they come."
        })
public final class ExtractFeaturesCommand extends ClassificationCommand {

    @Mixin
    WatchOptions watch;

    @Override
    WatchOptions watchOptions() {
        return watch;
    }

    @Override
    String name() {
        return "extract-features";
    }

    @Override
    boolean needsFeatures() {
        return true;
    }

    @Override
    void writeTables(Run run) {
        run.out().write("clip_features", run.tables().clipFeatures(run.result().clips()));
        run.out()
                .write("video_features", run.tables().videoFeatures(run.result().videos()));
        run.out().write("predictions", run.tables().predictions(run.result().videos(), false));
        run.summary().result("feature_size", run.config().featureWidth());
    }
}
