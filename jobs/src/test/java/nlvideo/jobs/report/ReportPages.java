package nlvideo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a job's report.html in headless Chromium as a person would: it must load with no console
 * error, exception, error log entry or request for anything outside the file, and every figure
 * must have a size on screen. A full-page screenshot goes to {@code target/screenshots/}.
 */
public final class ReportPages {

    /** Where the screenshots go (the jobs module's build folder). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ReportPages() {}

    /**
     * Opens the page, checks it and saves its screenshot.
     *
     * @return counts from the rendered page: {@code svgs}, {@code emptySvgs}, {@code stripRects}
     *     (shapes with a tooltip in the timeline strips), {@code heatmapCells}, {@code tables},
     *     {@code text} (the page's visible text)
     */
    public static JsonNode open(Path report, String screenshot) throws Exception {
        assertTrue(Files.isRegularFile(report), report + " was not written");
        assertTrue(
                Files.isExecutable(HeadlessChromium.BINARY),
                "the report test needs Debian's chromium (.ci/run installs it): " + HeadlessChromium.BINARY);
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            Path page = report.toAbsolutePath();
            browser.open(page);
            JsonNode stats = browser.evaluate("""
                    JSON.parse(JSON.stringify({
                      svgs: document.querySelectorAll('svg').length,
                      emptySvgs: [...document.querySelectorAll('svg')].filter(s => {
                        const r = s.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).length,
                      stripRects: document.querySelectorAll('svg.timeline rect > title').length,
                      heatmapCells: document.querySelectorAll('svg.confusion rect').length,
                      tables: document.querySelectorAll('table').length,
                      text: document.body.innerText
                    }))""");
            Files.createDirectories(SCREENSHOTS);
            browser.screenshot(SCREENSHOTS.resolve(screenshot));
            List<String> problems = browser.problems(page);
            assertEquals(List.of(), problems, "the browser reported problems with " + report);
            assertTrue(stats.path("svgs").asInt() > 0, "no figure in " + report);
            assertEquals(0, stats.path("emptySvgs").asInt(), "a figure has no size: " + stats);
            return stats;
        }
    }
}
