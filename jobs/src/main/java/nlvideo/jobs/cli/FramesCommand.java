package nlvideo.jobs.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipPadding;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.FrameImages;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo frames}: what the network sees of one video, as PNG images. With {@code
 * --indices}, the frames at those timeline indices ({@code {index:06d}.png}), as displayed
 * (stream, colours, sample aspect ratio, rotation and deinterlacing as the jobs decode them),
 * scaled to {@code --short-side} (0, the default here: the displayed size). Without, every view
 * of the preset's test protocol after sampling and cropping, one contact sheet per view (time
 * across): {@code clip{c}_crop{k}.png}. Either way {@code frames.csv} says, per frame, its index,
 * its time on the timeline, the source timestamp of the decoded frame shown, and whether it is
 * padded (past the video's end, or a repeat or wrap in a view).
 */
@Command(
        name = "frames",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write the frames the network sees of one video as PNG images: the frames at --indices"
                    + " ({index:06d}.png, at the displayed orientation and aspect), or without"
                    + " --indices one contact sheet per view of the test protocol, after sampling and"
                    + " cropping (clip{c}_crop{k}.png, time across). frames.csv lists index, time_s,"
                    + " source_timestamp_s and padded for every frame written.",
        })
public final class FramesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "VIDEO", description = "One video file.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the images.")
    Path output;

    @Option(
            names = "--indices",
            paramLabel = "I,J,...",
            split = ",",
            description = "Timeline frame indices to write (frame i is the one on screen at i / fps);"
                    + " without: the views of the protocol.")
    List<String> indices;

    @Option(
            names = "--model",
            paramLabel = "PRESET|FILE",
            defaultValue = "tiny-nl-i3d",
            description = "Model preset whose test protocol gives the views (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--overwrite",
            description = "Replace a folder an earlier nlvideo command wrote (it holds "
                    + nlvideo.jobs.output.OutputFolder.MARKER + ") and that holds none of the inputs.")
    boolean overwrite;

    @Mixin
    ProtocolOptions protocolOptions;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        validate(cli);
        int[] wanted = indices == null ? null : parseIndices(cli);
        ClipProtocol protocol = null;
        if (wanted == null) {
            ModelConfig config = ModelOptions.config(cli, model);
            protocol = protocolOptions.protocol(cli, config);
        } else if (protocolOptions.shortSide() != null && protocolOptions.shortSide() < 0) {
            throw new CommandLine.ParameterException(cli, "--short-side must be 0 (displayed size) or more");
        }
        try {
            VideoInfo info = VideoProbe.probe(input);
            return wanted != null ? writeIndices(cli, info, wanted) : writeViews(info, protocol);
        } catch (VideoException e) {
            return failed(e.kind().code(), e.getMessage());
        }
    }

    private void validate(CommandLine cli) {
        if (!Files.exists(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " does not exist");
        }
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " is not a video file");
        }
        OutputOptions.checkFolder(cli, output, overwrite, List.of());
    }

    /** Takes the output folder once the frames are decoded: replaced on --overwrite, the marker first. */
    private void claimOutput() {
        OutputOptions.claimFolder(
                spec.commandLine(),
                output,
                overwrite,
                "frames",
                Map.of("input", input.toAbsolutePath().normalize().toString()),
                List.of());
    }

    private int[] parseIndices(CommandLine cli) {
        Set<Integer> unique = new LinkedHashSet<>();
        for (String item : indices) {
            try {
                int i = Integer.parseInt(item.strip());
                if (i < 0) {
                    throw new NumberFormatException();
                }
                unique.add(i);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(
                        cli, "--indices: '" + item + "' is not a frame index (0, 1, 2, ...)");
            }
        }
        if (unique.isEmpty()) {
            throw new CommandLine.ParameterException(cli, "--indices: no index given");
        }
        return unique.stream().mapToInt(Integer::intValue).toArray();
    }

    private int writeIndices(CommandLine cli, VideoInfo info, int[] wanted) throws IOException, VideoException {
        int shortSide = protocolOptions.shortSide() == null ? 0 : protocolOptions.shortSide();
        VideoDecoder decoder = new VideoDecoder(shortSide, 0).withDeinterlace(protocolOptions.deinterlace(cli));
        DecodedFrames frames = decoder.decodeIndices(input, info, wanted);
        claimOutput();
        try (CSVPrinter csv = csv("index", "time_s", "source_timestamp_s", "padded")) {
            for (int i : wanted) {
                BufferedImage image = FrameImages.image(frames.frame(i), frames.width(), frames.height());
                FrameImages.writePng(image, output.resolve(String.format(Locale.ROOT, "%06d.png", i)));
                csv.printRecord(i, seconds(i, info), decimal(frames.sourceSeconds(i)), frames.isPadded(i));
            }
        }
        say("wrote " + wanted.length + " frames of " + frames.width() + "x" + frames.height() + " and"
                + " frames.csv to " + output);
        return 0;
    }

    private int writeViews(VideoInfo info, ClipProtocol protocol) throws IOException, VideoException {
        List<ClipWindow> windows;
        try {
            windows = protocol.windows(info);
        } catch (IllegalArgumentException e) {
            return failed("too_short", input + ": " + e.getMessage());
        }
        DecodedFrames frames = protocol.decoder(0).decode(input, info, windows);
        List<Crop> crops = protocol.cropList();
        double stride = protocol.params().videoStride(info.avgFps());
        int last = frames.lastRealIndex(info.frameCount());
        List<BufferedImage> sheets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ClipWindow w : windows) {
            for (int k = 0; k < crops.size(); k++) {
                int[] r;
                try {
                    r = crops.get(k).rectangle(frames.height(), frames.width());
                } catch (IllegalArgumentException e) {
                    return failed("unsupported", input + ": " + e.getMessage());
                }
                List<BufferedImage> row = new ArrayList<>();
                for (int t = 0; t < w.length(); t++) {
                    row.add(FrameImages.image(
                            frames.frame(w.frameIndex(t)), frames.width(), frames.height(), r[1], r[0], r[3], r[2]));
                }
                sheets.add(FrameImages.row(row));
                names.add("clip" + w.clipIndex() + "_crop" + k + ".png");
            }
        }
        claimOutput();
        for (int i = 0; i < sheets.size(); i++) {
            FrameImages.writePng(sheets.get(i), output.resolve(names.get(i)));
        }
        try (CSVPrinter csv = csv("clip", "position", "index", "time_s", "source_timestamp_s", "padded")) {
            for (ClipWindow w : windows) {
                boolean[] padded = ClipPadding.positions(w, stride, last);
                for (int t = 0; t < w.length(); t++) {
                    int i = w.frameIndex(t);
                    csv.printRecord(w.clipIndex(), t, i, seconds(i, info), decimal(frames.sourceSeconds(i)), padded[t]);
                }
            }
        }
        say("wrote " + sheets.size() + " views (" + windows.size() + " clips x " + crops.size()
                + " crops) and frames.csv to " + output);
        return 0;
    }

    /** Reports a video that cannot be shown, with its error kind; exit code 1, nothing written. */
    private int failed(String kind, String message) {
        spec.commandLine().getErr().println("nlvideo frames: " + kind + ": " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    private void say(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    private CSVPrinter csv(String... header) throws IOException {
        Writer out = Files.newBufferedWriter(output.resolve("frames.csv"), StandardCharsets.UTF_8);
        return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).build());
    }

    /** The index's time on the constant-rate timeline, in seconds from the first frame. */
    private static String seconds(int index, VideoInfo info) {
        return decimal(info.avgFps() > 0 ? index / info.avgFps() : Double.NaN);
    }

    /** Seconds to the microsecond, without float noise (1.64, not 1.6400000000000001); "" for NaN. */
    private static String decimal(double seconds) {
        if (Double.isNaN(seconds)) {
            return "";
        }
        return java.math.BigDecimal.valueOf(seconds)
                .setScale(6, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }
}
