package nlvideo.pipeline.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;

/**
 * A manifest's videos decoded once into memory for training: decoding costs far less than an
 * epoch of the network, but repeated every epoch it would still double the time on a small
 * machine, and a small training set (tens of MB at 64x64) fits easily. Videos are decoded in
 * parallel, one FFmpeg thread each. A video that cannot be read is left out and reported in
 * {@link #failures()}, the way classification reports its error rows.
 */
public final class ClipDataset {
    private final List<DecodedVideo> videos;
    private final List<String> failures;

    private ClipDataset(List<DecodedVideo> videos, List<String> failures) {
        this.videos = List.copyOf(videos);
        this.failures = List.copyOf(failures);
    }

    /**
     * Decodes every video of {@code refs} at the protocol's short side.
     *
     * @param labels each video needs exactly one label of this list
     * @param protocol the test protocol: its short side, and the clip windows whose frames must be
     *     in memory for validation
     * @param threads decoding threads
     * @throws DatasetException if a video has no label, several, or one the list does not know
     */
    public static ClipDataset decode(List<VideoRef> refs, LabelList labels, ClipProtocol protocol, int threads) {
        int[] classes = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            VideoRef ref = refs.get(i);
            if (ref.labels().size() != 1) {
                throw new DatasetException("video '" + ref.videoId() + "' has "
                        + ref.labels().size() + " labels; training needs exactly one per video");
            }
            classes[i] = labels.require(ref.labels().get(0));
        }
        VideoDecoder decoder = protocol.decoder(1);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                VideoRef ref = refs.get(i);
                int label = classes[i];
                results.add(pool.submit(() -> decodeOne(decoder, protocol, ref, label)));
            }
            List<DecodedVideo> videos = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Future<Object> f : results) {
                Object r = f.get();
                if (r instanceof DecodedVideo v) {
                    videos.add(v);
                } else {
                    failures.add((String) r);
                }
            }
            return new ClipDataset(videos, failures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The decoded video, or a one-line reason why it could not be decoded. */
    private static Object decodeOne(VideoDecoder decoder, ClipProtocol protocol, VideoRef ref, int label) {
        if (ref.isMissing()) {
            return ref.videoId() + ": file not found";
        }
        try {
            Path path = Path.of(ref.path());
            VideoInfo info = VideoProbe.probe(path);
            int frames = (int) Math.min(Integer.MAX_VALUE, info.frameCount());
            if (frames < 1) {
                return ref.videoId() + ": no frames";
            }
            IntStream.Builder wanted = IntStream.builder();
            for (int i = 0; i < frames; i++) {
                wanted.add(i);
            }
            for (ClipWindow w : protocol.windows(info)) {
                for (int i : w.frameIndices()) {
                    wanted.add(i);
                }
            }
            DecodedFrames decoded =
                    decoder.decodeIndices(path, info, wanted.build().toArray());
            return new DecodedVideo(ref, label, info, decoded);
        } catch (VideoException e) {
            return ref.videoId() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return ref.videoId() + ": " + e;
        }
    }

    /** The decoded videos, in input order. */
    public List<DecodedVideo> videos() {
        return videos;
    }

    /** Videos decoded. */
    public int size() {
        return videos.size();
    }

    /** One line per video that could not be decoded: id and reason. */
    public List<String> failures() {
        return failures;
    }
}
