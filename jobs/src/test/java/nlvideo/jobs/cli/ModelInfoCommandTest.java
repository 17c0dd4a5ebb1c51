package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelInfo;
import nlvideo.model.ModelPresets;
import org.junit.jupiter.api.Test;

/** {@code model-info} prints ModelInfo's numbers; bad calls exit 2. */
class ModelInfoCommandTest {

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in\n" + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void presetAtItsOwnSizeAndAnother() {
        ModelConfig config = ModelPresets.load("i3d-nl5-r50-32x2");
        for (List<String> extra : List.of(List.<String>of(), List.of("--frames", "8", "--size", "112"))) {
            List<String> args = new ArrayList<>(List.of("model-info", "--model", "i3d-nl5-r50-32x2"));
            args.addAll(extra);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            ModelInfo info = extra.isEmpty() ? ModelInfo.of(config) : ModelInfo.of(config, 8, 112);
            assertEquals(info.parameters(), number(r.out(), "parameters: ([\\d,]+)"));
            assertEquals(info.flops(), number(r.out(), "multiply-adds\\): ([\\d,]+)"));
            assertTrue(
                    r.out()
                            .contains(String.format(
                                    Locale.ROOT, "input 3x%dx%dx%d", info.frames(), info.size(), info.size())),
                    r.out());
            for (ModelInfo.Row row : info.rows()) {
                assertEquals(
                        row.parameters(),
                        number(r.out(), "\\| " + row.layer() + " \\| [\\dx]+ \\| ([\\d,]+) \\|"),
                        row.layer());
            }
        }
    }

    @Test
    void listHasEveryPresetWithItsNumbers() {
        CliRun r = CliRun.of("model-info", "--list");
        assertEquals(0, r.code(), r.err());
        for (String name : ModelPresets.names()) {
            ModelInfo info = ModelInfo.of(ModelPresets.load(name));
            String line = String.format(
                    Locale.ROOT,
                    "| %s | %s | 3x%dx%dx%d | %.2f | %.2f |",
                    name,
                    ModelPresets.load(name).source(),
                    info.frames(),
                    info.size(),
                    info.size(),
                    info.parameters() / 1e6,
                    info.gflops());
            assertTrue(r.out().contains(line), line + "\n" + r.out());
        }
    }

    @Test
    void badArgumentsExit2() {
        assertEquals(2, CliRun.of("model-info").code());
        assertEquals(2, CliRun.of("model-info", "--model", "no-such-preset").code());
        assertEquals(
                2, CliRun.of("model-info", "--list", "--model", "tiny-nl-i3d").code());
        CliRun zero = CliRun.of("model-info", "--model", "tiny-nl-i3d", "--size", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--size"), zero.err());
    }
}
