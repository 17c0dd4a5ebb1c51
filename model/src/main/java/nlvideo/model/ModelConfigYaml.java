package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link ModelConfig}s as the YAML of {@code conf/models/NAME.yaml}: {@code name}
 * and {@code source}, the {@link NetworkConfig} fields at the top level, the {@link TestProtocol}
 * under {@code input:}. Unknown fields are errors (a typo must not silently fall back to a
 * default); enum values are written as in the presets ({@code embedded-gaussian}), case-insensitive
 * on reading.
 */
public final class ModelConfigYaml {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final String NAME = "name";
    private static final String SOURCE = "source";
    private static final String INPUT = "input";

    private ModelConfigYaml() {}

    /**
     * Reads a config from YAML text.
     *
     * @throws ModelConfigException naming the field or value that is wrong, or for an empty text
     */
    public static ModelConfig parse(String yaml) {
        try {
            return fromTree(YAML.readTree(yaml), "model config");
        } catch (JsonProcessingException e) {
            throw error("model config", e);
        }
    }

    /**
     * Reads a config from a YAML stream; {@code origin} (a file or preset name) heads any error.
     *
     * @throws ModelConfigException when the stream cannot be read or is not a valid config
     */
    public static ModelConfig read(InputStream in, String origin) {
        try {
            return fromTree(YAML.readTree(in), origin);
        } catch (JsonProcessingException e) {
            throw error(origin, e);
        } catch (IOException e) {
            throw new ModelConfigException("cannot read model config " + origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a config from a YAML file.
     *
     * @throws ModelConfigException when the file cannot be read or is not a valid config
     */
    public static ModelConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ModelConfigException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
    }

    /** The config as YAML: name, source, the network's fields, then {@code input:}; nulls left out. */
    public static String write(ModelConfig config) {
        ObjectNode root = YAML.createObjectNode();
        root.put(NAME, config.name());
        root.put(SOURCE, config.source());
        root.setAll((ObjectNode) YAML.valueToTree(config.network()));
        root.set(INPUT, YAML.valueToTree(config.input()));
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One enum value as the YAML spells it ({@code "pyslowfast"}, {@code "embedded-gaussian"}), for
     * command-line options that name the same things.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        try {
            return YAML.convertValue(text, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    message(e.getCause() instanceof JsonProcessingException j ? j : null, e));
        }
    }

    /** The YAML spelling of an enum value ({@code Sampling.PYSLOWFAST} gives {@code "pyslowfast"}). */
    public static String text(Enum<?> value) {
        return YAML.convertValue(value, String.class);
    }

    static NetworkConfig defaultNetwork() {
        return new NetworkConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ModelConfig fromTree(JsonNode tree, String origin) throws JsonProcessingException {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            // an empty file is a mistake (cut short, wrong file), not a request for every default
            throw new ModelConfigException("invalid model config " + origin + ": empty, expected a mapping of fields");
        }
        if (!(tree instanceof ObjectNode fields)) {
            throw new ModelConfigException("invalid model config " + origin + ": expected a mapping of fields");
        }
        ObjectNode rest = fields.deepCopy();
        JsonNode name = rest.remove(NAME);
        JsonNode source = rest.remove(SOURCE);
        JsonNode input = rest.remove(INPUT);
        return new ModelConfig(
                name == null || name.isNull() ? null : name.asText(),
                source == null || source.isNull() ? null : source.asText(),
                YAML.treeToValue(rest, NetworkConfig.class),
                input == null || input.isNull() ? null : YAML.treeToValue(input, TestProtocol.class));
    }

    private static ModelConfigException error(String origin, JsonProcessingException e) {
        return new ModelConfigException("invalid model config " + origin + ": " + message(e, e), e);
    }

    /**
     * The model's own message when a record constructor refused a value, else Jackson's, headed by
     * the field it concerns ({@code baseWidth: Cannot deserialize ...}).
     */
    private static String message(JsonProcessingException e, Exception fallback) {
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof ModelConfigException m) {
            return m.getMessage();
        }
        if (e == null) {
            return fallback.getMessage();
        }
        String field = e instanceof JsonMappingException m
                ? m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "";
        return field.isEmpty() ? e.getOriginalMessage() : field + ": " + e.getOriginalMessage();
    }
}
