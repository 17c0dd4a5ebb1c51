package nlvideo.pipeline.train;

import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoInfo;

/**
 * One labelled video held in memory for training: every frame of its timeline (indices 0 to
 * frameCount - 1, plus any index the test protocol asks for), decoded once at the model's short
 * side, so that each epoch can draw a fresh clip without touching FFmpeg.
 *
 * @param label class index in the label list
 */
public record DecodedVideo(VideoRef ref, int label, VideoInfo info, DecodedFrames frames) {

    /** Frames on the timeline, the range random clips are drawn from. */
    public int frameCount() {
        return (int) Math.min(Integer.MAX_VALUE, info.frameCount());
    }
}
