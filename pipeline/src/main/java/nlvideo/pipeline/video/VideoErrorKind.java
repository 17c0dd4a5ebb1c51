package nlvideo.pipeline.video;

import java.util.Locale;

/**
 * Why a video could not be probed or decoded. Every input video ends in exactly one output row, so
 * each failure needs a stable, machine-readable reason: {@link #code()} is what error rows carry.
 */
public enum VideoErrorKind {
    /** The path does not exist, or is a symbolic link to a missing file. */
    NOT_FOUND,
    /** The path exists but cannot be read (permissions, a directory, an I/O error). */
    UNREADABLE,
    /** FFmpeg recognises no container in the file (random bytes, text). */
    NOT_A_VIDEO,
    /** A container without a video stream (audio only). */
    NO_VIDEO_STREAM,
    /** The container opens but the video data is damaged or truncated before any frame decodes. */
    CORRUPT,
    /** A zero-byte file, or a video stream that holds no frame. */
    EMPTY,
    /** The video has fewer frames than the clip protocol needs. */
    TOO_SHORT,
    /** The codec or pixel format cannot be decoded by this FFmpeg build. */
    UNSUPPORTED;

    /** The lower-case name ("not_found", ...), as written in error rows. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
