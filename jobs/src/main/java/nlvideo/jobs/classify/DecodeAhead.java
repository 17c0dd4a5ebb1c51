package nlvideo.jobs.classify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import nlvideo.jobs.recovery.FaultInjection;
import nlvideo.jobs.recovery.TimeLimit;
import nlvideo.pipeline.clip.ClipPadding;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoException;

/**
 * Decodes and transforms the next work unit on its own thread while the network runs on the
 * current one, so that inference never waits on FFmpeg. The queue holds one unit: enough to
 * overlap the two, and it bounds the memory held in clip tensors.
 */
final class DecodeAhead implements Iterator<DecodedUnit>, AutoCloseable {

    private static final DecodedUnit END = DecodedUnit.failed(null, "end", "end");

    private final BlockingQueue<DecodedUnit> ready = new ArrayBlockingQueue<>(1);
    private final Thread worker;
    private DecodedUnit next;

    /**
     * @param decodeLimit how long decoding one unit may take (zero: no limit); a unit that takes
     *     longer ends as a {@code timeout} failure and the next unit is decoded on a fresh thread
     */
    DecodeAhead(List<WorkUnit> units, ClipProtocol protocol, Duration decodeLimit) {
        worker = new Thread(() -> produce(units, protocol, decodeLimit), "nlvideo-decode-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void produce(List<WorkUnit> units, ClipProtocol protocol, Duration decodeLimit) {
        try (TimeLimit limit = new TimeLimit("nlvideo-decode", decodeLimit)) {
            VideoDecoder decoder;
            ClipTransform transform;
            List<Crop> crops;
            try {
                decoder = protocol.decoder(1);
                transform = new ClipTransform(protocol.normalization());
                crops = protocol.cropList();
            } catch (RuntimeException | Error e) {
                // the decoder itself could not be set up: every unit fails with its reason
                for (WorkUnit unit : units) {
                    ready.put(DecodedUnit.failed(unit, "decode_error", e.toString()));
                }
                ready.put(END);
                return;
            }
            for (WorkUnit unit : units) {
                double stride = protocol.params().videoStride(unit.info().avgFps());
                ready.put(decodeWithin(limit, unit, decoder, transform, crops, stride));
            }
            ready.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the consumer closed early
        }
    }

    /** {@link #decode} under the time limit: a unit that hangs the decoder ends as a {@code timeout}. */
    static DecodedUnit decodeWithin(
            TimeLimit limit,
            WorkUnit unit,
            VideoDecoder decoder,
            ClipTransform transform,
            List<Crop> crops,
            double videoStride) {
        try {
            return limit.run(
                    () -> {
                        FaultInjection.beforeDecode(unit.path());
                        return decode(unit, decoder, transform, crops, videoStride);
                    },
                    () -> DecodedUnit.failed(
                            unit,
                            "timeout",
                            "decoding clips " + unit.windows().get(0).clipIndex() + ".."
                                    + unit.windows()
                                            .get(unit.windows().size() - 1)
                                            .clipIndex() + " took longer than "
                                    + limit.limit().toSeconds() + " s (--decode-timeout)"));
        } catch (RuntimeException e) {
            return DecodedUnit.failed(unit, "unsupported", e.toString());
        } catch (Exception e) {
            return DecodedUnit.failed(unit, "unreadable", e.toString());
        } catch (Error e) {
            // e.g. JavaCPP's OutOfMemoryError at its native limit: the unit fails, the consumer is
            // not left waiting for a unit that never comes
            return DecodedUnit.failed(unit, "decode_error", e.toString());
        }
    }

    static DecodedUnit decode(
            WorkUnit unit, VideoDecoder decoder, ClipTransform transform, List<Crop> crops, double videoStride) {
        try {
            long start = System.nanoTime();
            DecodedFrames frames = decoder.decode(Path.of(unit.path()), unit.info(), unit.windows());
            long decoded = System.nanoTime();
            double fps = unit.info().avgFps() > 0 ? unit.info().avgFps() : 1;
            int lastFrame = frames.lastRealIndex(unit.info().frameCount());
            List<DecodedUnit.View> views = new ArrayList<>();
            for (ClipWindow w : unit.windows()) {
                int padded = ClipPadding.count(w, videoStride, lastFrame);
                int errors = frames.decodeErrors(w.minIndex(), w.maxIndex());
                for (int c = 0; c < crops.size(); c++) {
                    views.add(new DecodedUnit.View(
                            w.clipIndex(),
                            c,
                            w.minIndex() / fps,
                            (w.maxIndex() + 1) / fps,
                            padded,
                            errors,
                            transform.apply(frames, w, crops.get(c))));
                }
            }
            return new DecodedUnit(
                    unit,
                    views,
                    frames.decodeErrors(unit.errorsFrom(), unit.errorsTo()),
                    null,
                    null,
                    decoded - start,
                    System.nanoTime() - decoded);
        } catch (VideoException e) {
            return DecodedUnit.failed(unit, e.kind().code(), e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a crop larger than a tiny video: this video fails, the job goes on
            return DecodedUnit.failed(unit, "unsupported", e.toString());
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for decoded clips", e);
            }
        }
        return next != END;
    }

    @Override
    public DecodedUnit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DecodedUnit unit = next;
        next = null;
        return unit;
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
