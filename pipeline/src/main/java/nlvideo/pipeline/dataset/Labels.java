package nlvideo.pipeline.dataset;

import java.nio.file.Path;

/** Checks a label read from an annotation file against the label list, pointing at the line. */
public final class Labels {
    private Labels() {}

    /** The label as the list writes it; unchanged when there is no list. */
    public static String canonical(Path file, int line, String label, LabelList labels) {
        if (labels == null) {
            return label;
        }
        String canonical = labels.canonical(label);
        if (canonical == null) {
            throw new DatasetException(
                    file,
                    line,
                    "label '" + label + "' is not in the label list " + labels.source() + " (" + labels.size()
                            + " classes)");
        }
        return canonical;
    }
}
