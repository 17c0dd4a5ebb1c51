package nlvideo.model.checkpoint;

import java.util.List;

/**
 * An instance of a Python class the reader does not know (optimizer state, configs, arbitrary
 * metadata). Kept opaque so a checkpoint whose tensors we need still loads when other entries hold
 * objects we do not care about.
 */
public final class PyObject {
    private final PyGlobal type;
    private final List<Object> args;
    private Object state;

    /**
     * @param type the class or callable the pickle named
     * @param args the arguments it was called with
     */
    public PyObject(PyGlobal type, List<Object> args) {
        this.type = type;
        this.args = args;
    }

    /** The class or callable the pickle named (e.g. {@code posix.system}: never called). */
    public PyGlobal type() {
        return type;
    }

    /** The arguments the pickle passed. */
    public List<Object> args() {
        return args;
    }

    /** The state a BUILD opcode gave it, or null. */
    public Object state() {
        return state;
    }

    void setState(Object state) {
        this.state = state;
    }

    @Override
    public String toString() {
        return type + "(...)";
    }
}
