package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The Charades annotation CSV ({@code id,subject,scene,quality,relevance,verified,script,objects,
 * descriptions,actions,length}) joined with the videos ({@code {id}.mp4}, any video extension, any
 * depth under the videos folder). {@code actions} lists intervals as {@code c092 11.90 21.20;c147
 * 0.00 12.60}; a video's labels are the set of classes that occur in it (multi-label), and the
 * intervals are kept for per-frame evaluation. Empty {@code actions} is a valid video with no
 * labels: it is a negative for every class in mAP, as in the official evaluation.
 */
public final class CharadesReader {
    private CharadesReader() {}

    /**
     * @param labels when not null, every class code must be in it
     */
    public static List<VideoRef> read(Path annotations, Path videos, LabelList labels) {
        CsvTable csv = CsvTable.read(annotations);
        int idColumn = csv.requireColumn("id");
        int actionsColumn = csv.requireColumn("actions");
        VideoFileIndex index = VideoFileIndex.scan(videos);
        UniqueIds ids = new UniqueIds(annotations);
        List<VideoRef> refs = new ArrayList<>();
        for (CsvTable.Row row : csv.rows()) {
            String id = row.get(idColumn).strip();
            if (id.isEmpty()) {
                throw new DatasetException(annotations, row.line(), "empty id");
            }
            List<ActionSegment> segments = parseActions(annotations, row.line(), row.get(actionsColumn), labels);
            TreeSet<String> classes = new TreeSet<>();
            segments.forEach(s -> classes.add(s.classCode()));
            List<String> truth = List.copyOf(classes);
            Path file = index.byStem(id);
            VideoRef ref = file == null
                    ? VideoRef.missing(id, truth, segments)
                    : new VideoRef(id, file.toAbsolutePath().normalize().toString(), truth, segments);
            refs.add(ids.check(ref, row.line()));
        }
        return refs;
    }

    static List<ActionSegment> parseActions(Path file, int line, String cell, LabelList labels) {
        List<ActionSegment> segments = new ArrayList<>();
        if (cell == null || cell.isBlank()) {
            return segments;
        }
        for (String item : cell.split(";")) {
            if (item.isBlank()) {
                continue;
            }
            String[] parts = item.strip().split("\\s+");
            if (parts.length != 3) {
                throw new DatasetException(
                        file, line, "action '" + item.strip() + "' is not 'class start end' (e.g. c092 11.90 21.20)");
            }
            String code = Labels.canonical(file, line, parts[0], labels);
            try {
                double start = Double.parseDouble(parts[1]);
                double end = Double.parseDouble(parts[2]);
                segments.add(new ActionSegment(code, start, end));
            } catch (NumberFormatException e) {
                throw new DatasetException(file, line, "action '" + item.strip() + "' has a bad time");
            }
        }
        return segments;
    }
}
