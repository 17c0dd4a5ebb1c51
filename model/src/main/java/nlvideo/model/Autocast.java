package nlvideo.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;

/**
 * PyTorch's automatic mixed precision with bfloat16 ({@code torch.autocast(device, torch.bfloat16)})
 * for the calling thread, while a scope is open: libtorch then runs convolutions, matrix products
 * and linear layers on bfloat16 casts of their float32 inputs and weights, and keeps precision-
 * sensitive ops in float32, by its own per-op policy.
 *
 * <p>Why this route: DJL 0.35.1 and 0.36.0 (same JNI library, pytorch-jni 2.7.1) cannot make a
 * bfloat16 tensor: their native {@code GetScalarTypeFromDType} knows DJL data types 0-8 only and
 * ends in a bare {@code throw;}, so {@code toType(BFLOAT16)}, {@code zeros(shape, BFLOAT16)} and
 * {@code create(buffer, shape, BFLOAT16)} abort the JVM ("terminate called without an active
 * exception"). Autocast needs no such call: its switches are libtorch's exported C++ functions
 * ({@code at::autocast::set_autocast_enabled(c10::DeviceType, bool)} and its siblings, stable
 * since PyTorch 2.4), called here through JNA, and it is thread-local as in Python. Tensors made
 * under it are bfloat16, which DJL reports as {@link DataType#UNKNOWN}: a softmax must see
 * float32 ({@link #softmax}: DJL passes the array's own data type to torch's softmax, and cannot
 * name bfloat16), and results leave the scope through {@link #toFloat32}.
 *
 * <p>Use: {@code try (Autocast scope = Autocast.bfloat16(device)) { ...forward... }}; closing
 * restores the thread's previous autocast state. Scopes nest.
 */
final class Autocast implements AutoCloseable {

    private static final byte CPU = 0; // c10::DeviceType::CPU
    private static final byte CUDA = 1; // c10::DeviceType::CUDA
    private static final byte BFLOAT16 = 15; // c10::ScalarType::BFloat16

    private final byte deviceType;
    private final boolean wasEnabled;
    private final byte previousType;

    private Autocast(byte deviceType) {
        this.deviceType = deviceType;
        Functions f = Functions.INSTANCE;
        wasEnabled = (f.isEnabled.invokeInt(new Object[] {deviceType}) & 0xff) != 0;
        previousType = (byte) f.getType.invokeInt(new Object[] {deviceType});
        f.setType.invokeVoid(new Object[] {deviceType, BFLOAT16});
        f.setEnabled.invokeVoid(new Object[] {deviceType, (byte) 1});
        f.incrementNesting.invokeInt(new Object[0]);
    }

    /**
     * Opens a bfloat16 autocast scope on this thread for tensors on {@code device} (CPU or CUDA).
     *
     * @throws UnsatisfiedLinkError if the loaded libtorch does not export the autocast functions
     */
    static Autocast bfloat16(Device device) {
        return new Autocast(device.isGpu() ? CUDA : CPU);
    }

    /** Restores the thread's autocast state; the last scope to close drops autocast's weight cache. */
    @Override
    public void close() {
        Functions f = Functions.INSTANCE;
        f.setEnabled.invokeVoid(new Object[] {deviceType, (byte) (wasEnabled ? 1 : 0)});
        f.setType.invokeVoid(new Object[] {deviceType, previousType});
        if (f.decrementNesting.invokeInt(new Object[0]) == 0) {
            f.clearCache.invokeVoid(new Object[0]);
        }
    }

    /** Softmax along {@code axis}, computed in float32 whatever the input's precision. */
    static NDArray softmax(NDArray x, int axis) {
        return toFloat32(x).softmax(axis);
    }

    /** {@code x} as float32 (itself when it already is). */
    static NDArray toFloat32(NDArray x) {
        return x.toType(DataType.FLOAT32, false);
    }

    /** The libtorch functions, bound once the PyTorch engine has loaded its native libraries. */
    private static final class Functions {
        static final Functions INSTANCE = new Functions();

        final Function isEnabled;
        final Function setEnabled;
        final Function getType;
        final Function setType;
        final Function incrementNesting;
        final Function decrementNesting;
        final Function clearCache;

        private Functions() {
            Engine.getEngine("PyTorch"); // loads libtorch if nothing has yet
            NativeLibrary torch = NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath())
                    .resolve(System.mapLibraryName("torch_cpu"))
                    .toString());
            isEnabled = torch.getFunction("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE");
            setEnabled = torch.getFunction("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
            getType = torch.getFunction("_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE");
            setType = torch.getFunction("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
            incrementNesting = torch.getFunction("_ZN2at8autocast17increment_nestingEv");
            decrementNesting = torch.getFunction("_ZN2at8autocast17decrement_nestingEv");
            clearCache = torch.getFunction("_ZN2at8autocast11clear_cacheEv");
        }
    }
}
