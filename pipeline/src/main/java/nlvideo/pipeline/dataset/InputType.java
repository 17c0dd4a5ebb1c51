package nlvideo.pipeline.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How to read an input spec ({@code --input-type}). */
public enum InputType {
    /** A folder scanned for video files, or a single video file. */
    DIR,
    /** A CSV, JSON-lines or Parquet list of videos. */
    MANIFEST,
    /** A Kinetics annotation CSV plus a videos folder. */
    KINETICS,
    /** A Charades annotation CSV plus a videos folder. */
    CHARADES;

    public static InputType parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DatasetException(
                    "unknown input type '" + name + "' (expected dir, manifest, kinetics, charades)");
        }
    }

    /**
     * The type an input implies by itself: a folder or a video file is {@link #DIR}, a .csv, .jsonl or
     * .parquet file a {@link #MANIFEST}. Kinetics and Charades CSVs must be named explicitly.
     */
    public static InputType detect(Path input) {
        if (Files.isDirectory(input)
                || VideoExtensions.isVideo(input.getFileName().toString())) {
            return DIR;
        }
        if (ManifestReader.isManifest(input)) {
            return MANIFEST;
        }
        if (!Files.exists(input)) {
            throw new DatasetException(input, 0, "input does not exist");
        }
        throw new DatasetException(
                input,
                0,
                "cannot tell the input type from the name: give --input-type" + " dir|manifest|kinetics|charades");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
