package nlvideo.jobs.timeline;

import java.io.Serializable;

/**
 * A span of a video where one label stays on top: [start, end) in seconds, the label's class
 * index, and its mean (smoothed) probability over the span's steps, in [0, 1].
 */
public record Segment(double start, double end, int label, double meanScore) implements Serializable {}
