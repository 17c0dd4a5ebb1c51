package nlvideo.pipeline.video;

import java.util.Locale;

/**
 * Where a probe's frame count comes from, from most to least trusted. Headers can be missing or
 * wrong: a file written to a pipe has no count and no duration; an MP4 whose index is at the front
 * and whose end was cut off still promises every frame. What is in the file is the truth.
 */
public enum FrameCountSource {
    /** The container stores the count (MP4's sample table, AVI's header) and the file holds them all. */
    HEADER,
    /**
     * The container's index, counting only frames whose data lies within the file: the header
     * promised more (a truncated file).
     */
    INDEX,
    /**
     * Counted by reading the stream's packets (no decoding): the header had neither count nor
     * duration, or its index points past the end of the file.
     */
    PACKETS,
    /** Duration x average frame rate, rounded: an estimate (Matroska, WebM, MPEG-TS store no count). */
    DURATION;

    /** The lower-case name written in probe rows ("packets"). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
