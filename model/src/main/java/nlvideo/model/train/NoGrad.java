package nlvideo.model.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope with PyTorch's autograd recording off, restored to what it was on close. PyTorch keeps
 * grad mode per thread and turns it on for every thread but the one DJL's engine started on, so
 * code that may run on any thread cannot rely on it: an optimizer step (an in-place change of
 * leaf tensors that require gradients) fails with grad mode on, and inference would build a
 * graph for nothing.
 */
final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
