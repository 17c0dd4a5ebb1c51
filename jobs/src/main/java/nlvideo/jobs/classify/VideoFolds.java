package nlvideo.jobs.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nlvideo.pipeline.aggregate.VideoAggregator;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Folds per-view rows into one {@link VideoFold} per video, in a fixed order (failures first, then
 * by clip and crop), so that a video's scores do not depend on which task or which run classified
 * each view: a resumed job gives the same numbers as an uninterrupted one. A view that appears twice
 * (which committing per task rules out) is counted once.
 */
final class VideoFolds {

    private static final Logger LOG = LoggerFactory.getLogger(VideoFolds.class);

    static final Comparator<ClipResult> ORDER = Comparator.comparing(ClipResult::failed)
            .reversed()
            .thenComparingInt(ClipResult::clipIndex)
            .thenComparingInt(ClipResult::cropIndex)
            .thenComparing(r -> Objects.toString(r.errorKind(), ""))
            .thenComparing(r -> Objects.toString(r.errorMessage(), ""));

    private VideoFolds() {}

    /** One fold per video that has any row. */
    static Map<String, VideoFold> fold(JavaRDD<ClipResult> clips, VideoAggregator aggregator) {
        return clips.mapToPair(c -> new Tuple2<>(c.videoId(), c))
                .groupByKey()
                .mapValues(views -> fold(views, aggregator))
                .collectAsMap();
    }

    static VideoFold fold(Iterable<ClipResult> views, VideoAggregator aggregator) {
        List<ClipResult> sorted = new ArrayList<>();
        views.forEach(sorted::add);
        sorted.sort(ORDER);
        VideoFold fold = new VideoFold(aggregator);
        ClipResult previous = null;
        for (ClipResult v : sorted) {
            if (previous != null
                    && !v.failed()
                    && !previous.failed()
                    && v.clipIndex() == previous.clipIndex()
                    && v.cropIndex() == previous.cropIndex()) {
                LOG.warn("view {}/{} of {} appears twice; counted once", v.clipIndex(), v.cropIndex(), v.videoId());
                continue;
            }
            fold.add(v);
            previous = v;
        }
        return fold;
    }
}
