package nlvideo.pipeline.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Video ids for inputs named only by a path (a folder's files, manifest rows without
 * {@code video_id}). Such an id is never refused: the user did not choose it, so the rule must
 * make it unique. A file's path without its extension ({@code cats/001}) when no other input shares
 * that stem and no explicit id uses it; else the path as written, extension kept ({@code a.mp4}
 * beside {@code a.avi}); a path listed twice gets {@code #2}, {@code #3}, ... in input order.
 */
final class DerivedIds {
    private DerivedIds() {}

    /**
     * @param written each input's path as written ('/'-separated, relative to the folder or as in
     *     the manifest), in input order
     * @param taken ids given explicitly elsewhere in the same input, which derived ids avoid
     * @return one id per path, in the same order, distinct from each other and from {@code taken}
     */
    static List<String> assign(List<String> written, Set<String> taken) {
        Map<String, Integer> stems = new HashMap<>();
        for (String w : written) {
            stems.merge(VideoExtensions.stripExtension(w), 1, Integer::sum);
        }
        Set<String> used = new HashSet<>(taken);
        List<String> ids = new ArrayList<>(written.size());
        for (String w : written) {
            String stem = VideoExtensions.stripExtension(w);
            String id = stems.get(stem) == 1 && !used.contains(stem) ? stem : w;
            for (int n = 2; used.contains(id); n++) {
                id = w + "#" + n;
            }
            used.add(id);
            ids.add(id);
        }
        return ids;
    }
}
