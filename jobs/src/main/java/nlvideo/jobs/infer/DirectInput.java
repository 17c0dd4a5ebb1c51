package nlvideo.jobs.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The input of a forward pass in native memory, one buffer reused by every batch of a thread.
 *
 * <p>Why: handed a heap buffer, DJL's PyTorch engine copies it into a fresh direct buffer per call
 * ({@code PtNDManager.create}) and PyTorch reads that buffer in place ({@code from_blob}); closing
 * the NDArray frees the tensor but not the buffer, which waits for a garbage collection. A job
 * then holds every batch's input since the last collection: measured with scripts/bench/soak.sh
 * (tiny-nl-i3d, batches of 4 views of 3x8x64x64), an executor's resident memory rose by about
 * 250 MiB between young collections and fell back at each; with bigger clips (3x32x224x224, 19 MB
 * a view) it can reach the JVM's direct-memory limit (the heap size). A direct buffer of our own,
 * filled in place, is handed to PyTorch as it is and reused once the previous batch is closed.
 *
 * <p>Not thread-safe: one per thread. The array {@link #create} returns must be closed before the
 * next call.
 */
public final class DirectInput {

    private ByteBuffer buffer;

    /**
     * Copies {@code clips} (each {@code shape.size() / clips.size()} floats, in order) into the
     * buffer and wraps it as a float32 array of {@code shape} in {@code manager}.
     *
     * @throws IllegalArgumentException when the clips do not fill the shape exactly
     */
    public NDArray create(NDManager manager, List<float[]> clips, Shape shape) {
        long floats = shape.size();
        long given = 0;
        for (float[] c : clips) {
            given += c.length;
        }
        if (given != floats) {
            throw new IllegalArgumentException("clips hold " + given + " floats, shape " + shape + " needs " + floats);
        }
        int bytes = Math.toIntExact(floats * Float.BYTES);
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        FloatBuffer view = buffer.asFloatBuffer();
        for (float[] c : clips) {
            view.put(c);
        }
        return manager.create(buffer, shape, DataType.FLOAT32);
    }
}
