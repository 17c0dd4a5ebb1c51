package nlvideo.jobs.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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

    DecodeAhead(List<WorkUnit> units, ClipProtocol protocol) {
        worker = new Thread(() -> produce(units, protocol), "nlvideo-decode-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void produce(List<WorkUnit> units, ClipProtocol protocol) {
        int done = 0;
        try {
            try {
                VideoDecoder decoder = new VideoDecoder(protocol.shortSide(), 1);
                ClipTransform transform = new ClipTransform(protocol.normalization());
                List<Crop> crops = protocol.cropList();
                for (; done < units.size(); done++) {
                    ready.put(decode(units.get(done), decoder, transform, crops));
                }
            } catch (RuntimeException | Error e) {
                // the decoder itself could not be set up: every unit left fails with its reason
                for (; done < units.size(); done++) {
                    ready.put(DecodedUnit.failed(units.get(done), "decode_error", e.toString()));
                }
            }
            ready.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the consumer closed early
        }
    }

    static DecodedUnit decode(WorkUnit unit, VideoDecoder decoder, ClipTransform transform, List<Crop> crops) {
        try {
            long start = System.nanoTime();
            failIfInjected(unit);
            DecodedFrames frames = decoder.decode(Path.of(unit.path()), unit.info(), unit.windows());
            long decoded = System.nanoTime();
            double fps = unit.info().avgFps() > 0 ? unit.info().avgFps() : 1;
            List<DecodedUnit.View> views = new ArrayList<>();
            for (ClipWindow w : unit.windows()) {
                for (int c = 0; c < crops.size(); c++) {
                    views.add(new DecodedUnit.View(
                            w.clipIndex(),
                            c,
                            w.minIndex() / fps,
                            (w.maxIndex() + 1) / fps,
                            transform.apply(frames, w, crops.get(c))));
                }
            }
            return new DecodedUnit(unit, views, null, null, decoded - start, System.nanoTime() - decoded);
        } catch (VideoException e) {
            return DecodedUnit.failed(unit, e.kind().code(), e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a crop larger than a tiny video: this video fails, the job goes on
            return DecodedUnit.failed(unit, "unsupported", e.toString());
        } catch (Error e) {
            // e.g. JavaCPP's OutOfMemoryError at its native limit: the unit fails, the consumer is
            // not left waiting for a unit that never comes
            return DecodedUnit.failed(unit, "decode_error", e.toString());
        }
    }

    /**
     * Test hook: the system property {@code nlvideo.test.decode-error-on} names a file whose
     * decoding throws an {@link OutOfMemoryError}, as JavaCPP does at its native memory limit.
     */
    private static void failIfInjected(WorkUnit unit) {
        String name = System.getProperty("nlvideo.test.decode-error-on");
        if (name != null && Path.of(unit.path()).getFileName().toString().equals(name)) {
            throw new OutOfMemoryError("injected by nlvideo.test.decode-error-on while decoding " + unit.path());
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
