package nlvideo.pipeline.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class list a model was trained on: index (the model's output position) to name and back.
 *
 * <p>One class per line, in output order. When every line starts with a code token such as
 * {@code c092} or {@code 17} followed by the name (the form of {@code Charades_v1_classes.txt} and
 * of numbered label maps), the code is kept beside the name and either one finds the class.
 *
 * <p>Lookups forgive the spellings found in the wild for the same class: case, underscores for
 * spaces (the Kinetics downloader's folder names) and surrounding quotes.
 */
public final class LabelList implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern CODED = Pattern.compile("^([A-Za-z]*\\d+)\\s+(\\S.*)$");
    private static final String RESOURCE_DIR = "nlvideo/labels/";

    private final String source;
    private final List<String> names;
    private final List<String> codes; // null when the list has no codes
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> loose = new HashMap<>();

    private LabelList(String source, List<String> names, List<String> codes) {
        this.source = source;
        this.names = List.copyOf(names);
        this.codes = codes == null ? null : List.copyOf(codes);
        for (int i = 0; i < names.size(); i++) {
            register(names.get(i), i);
            if (codes != null) {
                register(codes.get(i), i);
            }
        }
    }

    private void register(String key, int index) {
        Integer previous = exact.putIfAbsent(key, index);
        if (previous != null) {
            throw new DatasetException("label list " + source + ": '" + key + "' appears twice (lines " + (previous + 1)
                    + " and " + (index + 1) + ")");
        }
        loose.putIfAbsent(normalize(key), index);
    }

    /**
     * A list by name from the classpath ({@code kinetics400}, {@code charades}), or by file path when
     * {@code nameOrPath} names an existing file.
     */
    public static LabelList load(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            return read(path);
        }
        String resource = RESOURCE_DIR + (nameOrPath.endsWith(".txt") ? nameOrPath : nameOrPath + ".txt");
        InputStream in = LabelList.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new DatasetException(
                    "no label list '" + nameOrPath + "': neither a file nor a bundled list (kinetics400, charades)");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(nameOrPath, reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LabelList read(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException(file, 0, "cannot read label list: " + e.getMessage(), e);
        }
    }

    /** Parses lines of a label list; blank lines are skipped. */
    public static LabelList parse(String source, List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("\uFEFF")) {
                trimmed = trimmed.substring(1).strip();
            }
            if (!trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetException("label list " + source + " is empty");
        }
        boolean coded = kept.stream().allMatch(l -> CODED.matcher(l).matches());
        if (!coded) {
            return new LabelList(source, kept, null);
        }
        List<String> names = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (String line : kept) {
            Matcher m = CODED.matcher(line);
            m.matches();
            codes.add(m.group(1));
            names.add(m.group(2).strip());
        }
        return new LabelList(source, names, codes);
    }

    public static LabelList of(List<String> names) {
        return new LabelList("inline", names, null);
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    /** The code of class {@code index} ({@code c092}), or its name when the list has no codes. */
    public String code(int index) {
        return codes == null ? names.get(index) : codes.get(index);
    }

    public boolean hasCodes() {
        return codes != null;
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /**
     * The index of a class given by code, name, or output index written as a number (the form of
     * numbered manifests), or -1 when the list does not know it.
     */
    public int indexOf(String label) {
        if (label == null) {
            return -1;
        }
        Integer i = exact.get(label);
        if (i == null) {
            i = loose.get(normalize(label));
        }
        if (i == null && label.strip().matches("\\d{1,9}")) {
            int n = Integer.parseInt(label.strip());
            i = n < size() ? n : null;
        }
        return i == null ? -1 : i;
    }

    /** The label as this list writes it (its code, or its name when it has none), or null when unknown. */
    public String canonical(String label) {
        int i = indexOf(label);
        return i < 0 ? null : code(i);
    }

    /** Like {@link #indexOf} but an unknown label is an error naming this list. */
    public int require(String label) {
        int i = indexOf(label);
        if (i < 0) {
            throw new DatasetException(
                    "label '" + label + "' is not in the label list " + source + " (" + size() + " classes)");
        }
        return i;
    }

    public String source() {
        return source;
    }

    static String normalize(String label) {
        String s = label.strip();
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            s = s.substring(1, s.length() - 1);
        }
        return s.replace('_', ' ').replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "LabelList[" + source + ", " + size() + " classes]";
    }
}
