package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_link;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * FFmpeg's bwdif deinterlacer in a filter graph (buffer source, bwdif, buffer sink), fed decoded
 * frames in order and drained frame by frame. bwdif needs the next frame to finish the current
 * one, so an output lags its input by a frame; {@link #push} with null at the end of the stream
 * releases the last one. Set up from the first frame it will see (size, pixel format, colours).
 */
final class Deinterlacer implements AutoCloseable {

    private final AVFilterGraph graph;
    private final AVFilterContext source = new AVFilterContext();
    private final AVFilterContext sink = new AVFilterContext();

    /**
     * @param first a frame of the stream, for its size, format and colour properties
     * @param timeBase the stream's time base, in which frame timestamps are counted
     * @param mode {@link Deinterlace#ON} or {@link Deinterlace#AUTO}
     * @param threads filter threads (1 when Spark already runs one task per core)
     */
    Deinterlacer(Path path, AVFrame first, AVRational timeBase, Deinterlace mode, int threads) throws VideoException {
        graph = avfilter_graph_alloc();
        graph.nb_threads(threads);
        String args = "video_size=" + first.width() + "x" + first.height() + ":pix_fmt=" + first.format()
                + ":time_base=" + timeBase.num() + "/" + timeBase.den() + ":pixel_aspect="
                + Math.max(1, first.sample_aspect_ratio().num()) + "/"
                + Math.max(1, first.sample_aspect_ratio().den())
                + ":colorspace=" + first.colorspace() + ":range=" + first.color_range();
        AVFilterContext bwdif = new AVFilterContext();
        int ret = avfilter_graph_create_filter(source, avfilter_get_by_name("buffer"), "in", args, null, graph);
        if (ret >= 0) {
            ret = avfilter_graph_create_filter(
                    bwdif, avfilter_get_by_name("bwdif"), "deinterlace", mode.filterOptions(), null, graph);
        }
        if (ret >= 0) {
            ret = avfilter_graph_create_filter(
                    sink, avfilter_get_by_name("buffersink"), "out", (String) null, null, graph);
        }
        if (ret >= 0) {
            ret = avfilter_link(source, 0, bwdif, 0);
        }
        if (ret >= 0) {
            ret = avfilter_link(bwdif, 0, sink, 0);
        }
        if (ret >= 0) {
            ret = avfilter_graph_config(graph, null);
        }
        if (ret < 0) {
            close();
            throw VideoException.of(
                    VideoErrorKind.UNSUPPORTED,
                    path,
                    "cannot set up deinterlacing of " + first.width() + "x" + first.height() + " frames ("
                            + FFmpegErrors.describe(ret) + ")");
        }
    }

    /** Hands a decoded frame to the filter (taking its data; the frame is left empty), or null at the end. */
    int push(AVFrame frame) {
        return av_buffersrc_add_frame_flags(source, frame, 0);
    }

    /** The next deinterlaced frame into {@code out}: 0, or AVERROR(EAGAIN) (needs input), or AVERROR_EOF. */
    int pull(AVFrame out) {
        return av_buffersink_get_frame(sink, out);
    }

    @Override
    public void close() {
        avfilter_graph_free(graph);
    }
}
