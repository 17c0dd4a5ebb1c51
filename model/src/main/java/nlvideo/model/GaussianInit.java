package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Zero-mean Gaussian weights of a fixed standard deviation: how a block asks for small initial
 * weights (the classifier, std 0.01, the paper code's {@code MODEL.FC_INIT_STD}). DJL's own
 * {@code NormalInitializer} hides its sigma; {@link SeededWeights} reads this one's.
 *
 * @param std standard deviation, positive
 */
record GaussianInit(double std) implements Initializer {

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        return manager.randomNormal(0f, (float) std, shape, dataType, manager.getDevice());
    }
}
