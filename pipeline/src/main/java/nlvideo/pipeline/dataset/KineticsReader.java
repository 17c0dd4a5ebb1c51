package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kinetics annotation CSV ({@code label,youtube_id,time_start,time_end,split[,is_cc]}; the test
 * split has no label column) joined with the downloaded files. A clip is found under the videos
 * folder, at any depth and with any video extension, as {@code {youtube_id}_{start:06d}_{end:06d}}
 * (the official downloader's name) or as {@code {youtube_id}}.
 *
 * <p>An annotated clip with no file stays in the list as a missing {@link VideoRef}: published
 * accuracies are over the annotated set, so evaluation must count it (as wrong) rather than lose it.
 * The video id is always the downloader's name, whichever file was found.
 */
public final class KineticsReader {
    private KineticsReader() {}

    /**
     * @param annotations the CSV
     * @param videos      folder holding the clips
     * @param labels      when not null, every label must be in it; labels are then written as the list
     *                    spells them
     */
    public static List<VideoRef> read(Path annotations, Path videos, LabelList labels) {
        CsvTable csv = CsvTable.read(annotations);
        int label = csv.column("label");
        int youtubeId = csv.requireColumn("youtube_id");
        int start = csv.requireColumn("time_start");
        int end = csv.requireColumn("time_end");
        VideoFileIndex index = VideoFileIndex.scan(videos);
        UniqueIds ids = new UniqueIds(annotations);
        List<VideoRef> refs = new ArrayList<>();
        for (CsvTable.Row row : csv.rows()) {
            String yid = row.get(youtubeId).strip();
            if (yid.isEmpty()) {
                throw new DatasetException(annotations, row.line(), "empty youtube_id");
            }
            String id = clipName(
                    yid, seconds(annotations, row, start, "time_start"), seconds(annotations, row, end, "time_end"));
            List<String> truth = new ArrayList<>();
            String name = row.get(label).strip();
            if (!name.isEmpty()) {
                truth.add(Labels.canonical(annotations, row.line(), name, labels));
            }
            Path file = index.byStem(id);
            if (file == null) {
                file = index.byStem(yid);
            }
            VideoRef ref = file == null
                    ? VideoRef.missing(id, truth, List.of())
                    : new VideoRef(id, file.toAbsolutePath().normalize().toString(), truth);
            refs.add(ids.check(ref, row.line()));
        }
        return refs;
    }

    /** The official downloader's file name (without extension) of a clip. */
    public static String clipName(String youtubeId, long startSeconds, long endSeconds) {
        return String.format("%s_%06d_%06d", youtubeId, startSeconds, endSeconds);
    }

    private static long seconds(Path file, CsvTable.Row row, int column, String name) {
        String text = row.get(column).strip();
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return (long) value;
        } catch (NumberFormatException e) {
            throw new DatasetException(file, row.line(), name + " is not a time in seconds: '" + text + "'");
        }
    }
}
