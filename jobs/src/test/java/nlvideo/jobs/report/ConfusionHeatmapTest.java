package nlvideo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.metrics.AccuracyReport;
import nlvideo.pipeline.metrics.ConfusionMatrix;
import nlvideo.pipeline.metrics.VideoPrediction;
import org.junit.jupiter.api.Test;

/** With many classes the heatmap keeps those most involved in confusions; the top confusions are the largest cells. */
class ConfusionHeatmapTest {

    /** 30 classes, 2 videos each, all right except: 3 videos of class 7 as 12, 2 of 20 as 7, 1 of 5 as 29. */
    static ConfusionMatrix matrix() {
        List<VideoPrediction> videos = new ArrayList<>();
        int n = 0;
        for (int c = 0; c < 30; c++) {
            for (int i = 0; i < 2; i++) {
                videos.add(video("v" + n++, c, c));
            }
        }
        for (int i = 0; i < 3; i++) {
            videos.add(video("v" + n++, 7, 12));
        }
        videos.add(video("v" + n++, 20, 7));
        videos.add(video("v" + n++, 20, 7));
        videos.add(video("v" + n, 5, 29));
        return AccuracyReport.compute(videos, 30).confusion();
    }

    static VideoPrediction video(String id, int truth, int predicted) {
        float[] scores = new float[30];
        scores[predicted] = 1;
        return VideoPrediction.predicted(id, new int[] {truth}, scores);
    }

    @Test
    void theMostConfusedClassesAreShownInClassOrder() {
        ConfusionMatrix m = matrix();
        // involvement: 7 -> 5 (3 out, 2 in), 12 -> 3, 20 -> 2, 5 -> 1, 29 -> 1
        assertArrayEquals(new int[] {5, 7, 12, 20}, ConfusionHeatmap.shownClasses(m, 4));
        assertEquals(30, ConfusionHeatmap.shownClasses(m, 30).length);
        String svg = ConfusionHeatmap.svg(m, c -> "class " + c, ConfusionHeatmap.shownClasses(m, 4));
        assertEquals(16, svg.split("<rect ", -1).length - 1, "a 4 x 4 grid");
        assertEquals(true, svg.contains("class 7 as class 12: 3 of 5 (60.0%)"));
    }

    @Test
    void topConfusionsAreTheLargestOffDiagonalCells() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            names.add("class " + c);
        }
        List<List<Object>> top = EvaluationSection.topConfusions(matrix(), LabelList.of(names), 5);
        assertEquals(3, top.size());
        assertEquals(List.of("class 7", "class 12", 3L, 0.6), top.get(0));
        assertEquals(List.of("class 20", "class 7", 2L, 0.5), top.get(1));
        assertEquals(List.of("class 5", "class 29", 1L, 1.0 / 3), top.get(2));
    }
}
