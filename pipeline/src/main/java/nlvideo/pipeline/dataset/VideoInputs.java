package nlvideo.pipeline.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point from an input spec to the list of videos a job works on, whatever the input's
 * form. The order of the result is deterministic (folder listing order or file order).
 */
public final class VideoInputs {
    private VideoInputs() {}

    /**
     * @param type   how to read {@code input}; null to detect it from the name ({@link InputType#detect})
     * @param input  folder, video file, manifest or annotation CSV
     * @param videos folder of the videos for Kinetics and Charades; null means the CSV's folder
     * @param labels when not null, labels found in the input must be in it and are rewritten as it
     *               spells them; null keeps labels as written
     */
    public static List<VideoRef> read(InputType type, Path input, Path videos, LabelList labels) {
        if (!Files.exists(input)) {
            throw new DatasetException(input, 0, "input does not exist");
        }
        InputType resolved = type == null ? InputType.detect(input) : type;
        Path videoDir = videos != null ? videos : input.toAbsolutePath().getParent();
        return switch (resolved) {
            case DIR -> DirectoryReader.read(input);
            case MANIFEST -> checkLabels(input, ManifestReader.read(input), labels);
            case KINETICS -> KineticsReader.read(input, videoDir, labels);
            case CHARADES -> CharadesReader.read(input, videoDir, labels);
        };
    }

    private static List<VideoRef> checkLabels(Path file, List<VideoRef> refs, LabelList labels) {
        if (labels == null) {
            return refs;
        }
        List<VideoRef> checked = new ArrayList<>(refs.size());
        for (VideoRef ref : refs) {
            List<String> canonical = new ArrayList<>();
            for (String label : ref.labels()) {
                String c = labels.canonical(label);
                if (c == null) {
                    throw new DatasetException(
                            file,
                            0,
                            "video '" + ref.videoId() + "': label '" + label + "' is not in the label list "
                                    + labels.source() + " (" + labels.size() + " classes)");
                }
                canonical.add(c);
            }
            checked.add(new VideoRef(ref.videoId(), ref.path(), canonical, ref.segments()));
        }
        return checked;
    }
}
