package nlvideo.model.checkpoint;

/** A Python global ({@code module.name}) named by a pickle's GLOBAL or STACK_GLOBAL opcode. */
public record PyGlobal(String module, String name) {
    @Override
    public String toString() {
        return module + "." + name;
    }
}
