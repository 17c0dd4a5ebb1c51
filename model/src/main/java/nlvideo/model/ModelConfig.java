package nlvideo.model;

import java.nio.file.Path;

/**
 * A model preset ({@code conf/models/NAME.yaml}): its name and source, the {@link NetworkConfig}
 * it builds and the {@link TestProtocol} its weights were tested with. YAML reading and writing is
 * {@link ModelConfigYaml}'s.
 *
 * @param name preset name, default "unnamed"
 * @param source where the architecture comes from ("caffe2", "pyslowfast", "mmaction2", "test"),
 *     default "caffe2"
 * @param network the network (the YAML file's top-level fields)
 * @param input the test protocol (the YAML file's {@code input:})
 */
public record ModelConfig(String name, String source, NetworkConfig network, TestProtocol input) {

    public ModelConfig {
        name = name == null ? "unnamed" : name;
        source = source == null ? "caffe2" : source;
        network = network == null ? ModelConfigYaml.defaultNetwork() : network;
        input = input == null ? TestProtocol.defaults() : input;
    }

    /**
     * Reads a config from YAML text ({@link ModelConfigYaml#parse}).
     *
     * @throws ModelConfigException naming what is wrong
     */
    public static ModelConfig parse(String yaml) {
        return ModelConfigYaml.parse(yaml);
    }

    /**
     * Reads a config from a YAML file ({@link ModelConfigYaml#load}).
     *
     * @throws ModelConfigException when the file cannot be read or is not a valid config
     */
    public static ModelConfig load(Path file) {
        return ModelConfigYaml.load(file);
    }

    /** The config as YAML; {@link #parse} gives it back equal. */
    public String toYaml() {
        return ModelConfigYaml.write(this);
    }

    /** Number of classes K the network outputs. */
    public int numClasses() {
        return network.numClasses();
    }

    /** The classifier head. */
    public HeadConfig head() {
        return network.head();
    }

    /** Width of the pool5 feature (2048 for ResNet-50/101). */
    public int featureWidth() {
        return network.featureWidth();
    }

    /** Whether the network's scores are probabilities (fully convolutional test head) rather than logits. */
    public boolean outputsProbabilities() {
        return network.head().outputsProbabilities();
    }

    /** Input shape of one clip batch at the protocol's size: (batch, 3, frames, crop, crop). */
    public long[] inputShape(int batch) {
        return new long[] {batch, 3, input.frames(), input.crop(), input.crop()};
    }

    /** A copy with another class count (fine-tuning, tests). */
    public ModelConfig withNumClasses(int classes) {
        return new ModelConfig(name, source, network.withNumClasses(classes), input);
    }

    /** A copy with another head. */
    public ModelConfig withHead(HeadConfig head) {
        return new ModelConfig(name, source, network.withHead(head), input);
    }

    /** A copy with another test protocol (what {@code train} saves when options override the preset's). */
    public ModelConfig withInput(TestProtocol protocol) {
        return new ModelConfig(name, source, network, protocol);
    }
}
