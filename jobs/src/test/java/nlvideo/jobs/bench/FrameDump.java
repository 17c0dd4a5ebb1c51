package nlvideo.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import nlvideo.jobs.cli.ModelOptions;
import nlvideo.jobs.cli.ProtocolOptions;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the frames that {@code classify} feeds the network, for scripts/bench/vs-pytorch.sh to
 * compare with the PyTorch reference's decoding: each video is probed, its clip windows planned by
 * the protocol, and the needed frames decoded and scaled exactly as the job does (VideoProbe,
 * ClipProtocol.windows, VideoDecoder with one thread), before any crop or normalisation.
 *
 * <p>Takes the model and protocol options of {@code classify}, {@code --videos LIST} (one path per
 * line) and {@code --output DIR}. Writes {@code DIR/N.rgb} (the needed frames in index order,
 * height x width x 3 bytes each) for the N-th video, and {@code DIR/frames.jsonl}: per video its
 * path, frame size, probed frame count, rotation, clip windows and frame indices, or its error.
 */
@Command(name = "frame-dump", mixinStandardHelpOptions = true)
public final class FrameDump implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    ProtocolOptions protocolOptions;

    @Option(names = "--videos", required = true, description = "A text file with one video path per line.")
    Path videos;

    @Option(names = "--output", required = true, description = "The folder to write.")
    Path output;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FrameDump()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        ModelConfig config = model.config(cli);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        VideoDecoder decoder = new VideoDecoder(protocol.shortSide(), 1);
        ObjectMapper json = new ObjectMapper();
        Files.createDirectories(output);
        List<String> paths =
                Files.readAllLines(videos).stream().filter(s -> !s.isBlank()).toList();
        try (BufferedWriter index = Files.newBufferedWriter(output.resolve("frames.jsonl"))) {
            for (int n = 0; n < paths.size(); n++) {
                Path path = Path.of(paths.get(n).strip());
                ObjectNode row = json.createObjectNode().put("path", path.toString());
                try {
                    VideoInfo info = VideoProbe.probe(path);
                    List<ClipWindow> windows = protocol.windows(info);
                    DecodedFrames frames = decoder.decode(path, info, windows);
                    Map<Integer, byte[]> byIndex = new TreeMap<>(frames.asMap());
                    try (OutputStream out = Files.newOutputStream(output.resolve(n + ".rgb"))) {
                        for (byte[] rgb : byIndex.values()) {
                            out.write(rgb);
                        }
                    }
                    row.put("file", n + ".rgb")
                            .put("width", frames.width())
                            .put("height", frames.height())
                            .put("frame_count", info.frameCount())
                            .put("frame_count_estimated", info.frameCountEstimated())
                            .put("rotation", info.rotation())
                            .put("decoded", frames.decodedFrameCount())
                            .put("padded", frames.paddedIndices());
                    row.set("indices", json.valueToTree(byIndex.keySet()));
                    row.set(
                            "windows",
                            json.valueToTree(windows.stream()
                                    .map(ClipWindow::frameIndices)
                                    .toList()));
                } catch (VideoException | IllegalArgumentException e) {
                    row.put("error", e.getMessage());
                }
                index.write(json.writeValueAsString(row));
                index.newLine();
            }
        }
        return 0;
    }
}
