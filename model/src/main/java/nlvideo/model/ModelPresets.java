package nlvideo.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Named model presets: {@code conf/models/NAME.yaml}. A preset file in the configuration
 * directory wins (users may add or edit presets); otherwise the copy packaged in the jar under
 * {@code nlvideo/models/} is used, so the jar works anywhere.
 *
 * <p>The configuration directory is {@code $NLVIDEO_CONF} or the system property
 * {@code nlvideo.conf} when set, else {@code ./conf}.
 */
public final class ModelPresets {
    static final String RESOURCE_DIR = "nlvideo/models/";

    private ModelPresets() {}

    /**
     * Loads preset {@code nameOrPath}: a preset name, or a path to a YAML file.
     *
     * @throws ModelConfigException if there is no such preset (the message lists the known ones)
     */
    public static ModelConfig load(String nameOrPath) {
        Path asFile = Paths.get(nameOrPath);
        if (nameOrPath.endsWith(".yaml") && Files.isRegularFile(asFile)) {
            return ModelConfigYaml.load(asFile);
        }
        if (!nameOrPath.matches("[A-Za-z0-9._-]+")) {
            throw new ModelConfigException("invalid preset name '" + nameOrPath + "'");
        }
        Path file = confDir().resolve("models").resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(file)) {
            return ModelConfigYaml.load(file);
        }
        try (InputStream in = resource(nameOrPath)) {
            if (in != null) {
                return ModelConfigYaml.read(in, "preset " + nameOrPath);
            }
        } catch (IOException e) {
            throw new ModelConfigException("cannot read preset " + nameOrPath + ": " + e.getMessage(), e);
        }
        throw new ModelConfigException("unknown model preset '" + nameOrPath + "'; known presets: " + names());
    }

    /** Names of every preset available (configuration directory and packaged), sorted. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        addYamlNames(confDir().resolve("models"), names);
        URL dir = ModelPresets.class.getClassLoader().getResource(RESOURCE_DIR);
        if (dir != null) {
            try {
                URI uri = dir.toURI();
                if ("jar".equals(uri.getScheme())) {
                    try (FileSystem fs = FileSystems.newFileSystem(uri, Collections.emptyMap())) {
                        addYamlNames(fs.getPath(RESOURCE_DIR), names);
                    }
                } else {
                    addYamlNames(Paths.get(uri), names);
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // a packaged listing that cannot be read leaves the directory's presets
            }
        }
        return List.copyOf(names);
    }

    private static InputStream resource(String name) {
        return ModelPresets.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".yaml");
    }

    private static void addYamlNames(Path dir, TreeSet<String> names) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .forEach(f -> names.add(f.substring(0, f.length() - ".yaml".length())));
        } catch (IOException e) {
            // unreadable directory: nothing to add
        }
    }

    static Path confDir() {
        String dir = System.getenv("NLVIDEO_CONF");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("nlvideo.conf", "conf");
        }
        return Paths.get(dir);
    }
}
