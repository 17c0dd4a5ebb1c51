package nlvideo.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import nlvideo.jobs.train.TrainJob;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.train.LearningRateSchedule;
import nlvideo.model.train.TrainSettings;
import nlvideo.model.train.TrainingCheckpoint;
import nlvideo.model.train.TrainingState;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoInputs;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.train.ClipDataset;
import nlvideo.pipeline.train.TrainingClips;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo train}: trains an NL-I3D classifier on labelled manifests, in this JVM (see
 * {@link TrainJob} for why not on the executors), from seeded weights or fine-tuning a weights
 * file, and writes a folder that {@code classify} and {@code evaluate} use as
 * {@code --model DIR/model.yaml --weights DIR/best.nlw --labels DIR/labels.txt}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train an NL-I3D classifier (SGD with momentum, cross-entropy) on labelled"
                + " video manifests (path,video_id,label); validates and checkpoints every epoch.")
public final class TrainCommand implements Callable<Integer> {

    /** What a resumed run may be given besides --resume: the rest comes from its saved state. */
    private static final Set<String> RESUMABLE = Set.of(
            "--resume", "--epochs", "--train", "--val", "--output", "--overwrite", "--stop-after", "--decode-threads");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "PRESET|FILE",
            description = "Model preset or config YAML (required unless --resume).")
    String model;

    @Option(names = "--train", paramLabel = "CSV", description = "Training manifest (required unless --resume).")
    Path train;

    @Option(names = "--val", paramLabel = "CSV", description = "Validation manifest (required unless --resume).")
    Path val;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for checkpoints, history and model.yaml.")
    Path output;

    @Option(
            names = "--overwrite",
            description = "Replace an --output folder an earlier nlvideo command wrote (it holds "
                    + nlvideo.jobs.output.OutputFolder.MARKER + ") and that holds none of the inputs.")
    boolean overwrite;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line, in output order"
                    + " (default: labels.txt beside the training manifest, else its labels sorted).")
    String labels;

    @Option(
            names = "--epochs",
            paramLabel = "E",
            defaultValue = "10",
            description = "Epochs (default: ${DEFAULT-VALUE}; with --resume, a new total).")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "B",
            defaultValue = "8",
            description = "Clips per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            defaultValue = "0.01",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}, the paper's; the demo uses 0.02).")
    double lr;

    @Option(
            names = "--momentum",
            paramLabel = "M",
            defaultValue = "0.9",
            description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(
            names = "--weight-decay",
            paramLabel = "W",
            defaultValue = "1e-4",
            description = "L2 weight decay, not on BN (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--schedule",
            paramLabel = "NAME",
            defaultValue = "cosine",
            description = "cosine or step (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(
            names = "--warmup-epochs",
            paramLabel = "W",
            defaultValue = "0",
            description = "Linear warmup epochs (default: ${DEFAULT-VALUE}).")
    double warmupEpochs;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of weights, clips, order and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--flip", description = "Random horizontal flips (off: they swap left and right motion).")
    boolean flip;

    /**
     * The clip protocol: the preset's, with these overrides; validation takes its clips with the
     * centre crop, and {@code model.yaml} keeps it for {@code classify}.
     */
    @Mixin
    ProtocolOptions protocolOptions;

    @Option(
            names = "--init",
            paramLabel = "FILE",
            description = "Start from these weights: .nlw, a published video checkpoint, or a 2D ImageNet"
                    + " ResNet-50/101 (torchvision .pth, Caffe2 .pkl), inflated to 3D as the paper does.")
    Path init;

    @Option(names = "--new-classifier", description = "With --init: a fresh classifier sized to the label list.")
    boolean newClassifier;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue the run saved in DIR (its settings, its folder).")
    Path resume;

    @Option(
            names = "--stop-after",
            paramLabel = "E",
            description = "Stop after epoch E; --resume continues the run"
                    + " with its schedule unchanged (to split a long run over several sessions).")
    Integer stopAfter;

    @Option(
            names = "--decode-threads",
            paramLabel = "N",
            description = "Videos decoded in parallel (default: the cores).")
    Integer decodeThreads;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = decodeThreads != null ? decodeThreads : cores;
        if (threads < 1) {
            throw new CommandLine.ParameterException(cli, "--decode-threads must be at least 1");
        }
        if (stopAfter != null && stopAfter < 1) {
            throw new CommandLine.ParameterException(cli, "--stop-after must be at least 1");
        }
        return resume != null ? resumeRun(cli, threads) : newRun(cli, threads);
    }

    private int newRun(CommandLine cli, int threads) throws IOException {
        if (model == null) {
            throw new CommandLine.ParameterException(cli, "--model is required (or --resume DIR)");
        }
        if (train == null || val == null) {
            throw new CommandLine.ParameterException(cli, "--train and --val are required");
        }
        if (output == null) {
            throw new CommandLine.ParameterException(cli, "--output is required");
        }
        requireFile(cli, "--train", train);
        requireFile(cli, "--val", val);
        if (init != null) {
            requireFile(cli, "--init", init);
        }
        if (newClassifier && init == null) {
            throw new CommandLine.ParameterException(cli, "--new-classifier needs --init");
        }
        if (Files.exists(output) && !overwrite && !isEmptyDirectory(output)) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--output " + output + " is not empty; pass --overwrite," + " or --resume " + output
                            + " to continue its run");
        }
        OutputOptions.checkFolder(cli, output, overwrite, List.of());
        TrainSettings settings = settings(cli);
        ModelConfig preset;
        try {
            preset = ModelPresets.load(model);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(cli, "--model " + model + ": " + e.getMessage());
        }
        String labelSource = labels != null ? labels : defaultLabels();
        LabelList labelList = labelList(cli, labelSource);
        if (init != null && !newClassifier && labelList.size() != preset.numClasses()) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--init " + init + " has the preset's " + preset.numClasses() + " classes but the label list has "
                            + labelList.size() + ": pass --new-classifier");
        }
        ModelConfig config =
                preset.withNumClasses(labelList.size()).withInput(protocolOptions.testProtocol(cli, preset.input()));
        List<VideoRef> trainRefs = read(cli, "--train", train, labelList);
        List<VideoRef> valRefs = read(cli, "--val", val, labelList);
        TrainingState initial = TrainingState.start(
                settings,
                train.toAbsolutePath().toString(),
                val.toAbsolutePath().toString(),
                labelSource);
        List<Path> videos = new ArrayList<>(OptionPaths.videos(trainRefs));
        videos.addAll(OptionPaths.videos(valRefs));
        OutputOptions.claimFolder(cli, output, overwrite, "train", Map.of("model", config.name()), videos);
        TrainJob job = job(config, labelList, trainRefs, valRefs, settings.flip(), threads, output);
        if (stopAfter != null) {
            job.stopAfter(stopAfter);
        }
        job.start(initial, init, newClassifier);
        return 0;
    }

    private int resumeRun(CommandLine cli, int threads) throws IOException {
        if (!TrainingCheckpoint.exists(resume)) {
            throw new CommandLine.ParameterException(cli, "--resume " + resume + " holds no training checkpoint");
        }
        if (model != null || init != null || newClassifier || labels != null) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--resume continues with the run's own model, weights and"
                            + " labels: leave out --model, --init, --new-classifier and --labels");
        }
        CommandLine.ParseResult given = cli.getParseResult();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (given.hasMatchedOption(option) && !RESUMABLE.contains(name)) {
                throw new CommandLine.ParameterException(
                        cli, "--resume keeps the run's settings; only --epochs may change (not " + name + ")");
            }
        }
        if (output != null
                && !output.toAbsolutePath()
                        .normalize()
                        .equals(resume.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(cli, "--resume writes into " + resume + "; leave out --output");
        }
        TrainingState state = TrainingCheckpoint.readState(resume);
        TrainSettings settings = state.settings();
        if (given.hasMatchedOption("--epochs")) {
            try {
                settings = settings.withEpochs(epochs);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--epochs: " + e.getMessage());
            }
        }
        Path trainFile = train != null ? train : Path.of(state.train());
        Path valFile = val != null ? val : Path.of(state.val());
        requireFile(cli, "--train", trainFile);
        requireFile(cli, "--val", valFile);
        ModelConfig config = TrainingCheckpoint.readConfig(resume);
        LabelList labelList = labelList(cli, resume.resolve(TrainJob.LABELS).toString());
        TrainJob job = job(
                config,
                labelList,
                read(cli, "--train", trainFile, labelList),
                read(cli, "--val", valFile, labelList),
                settings.flip(),
                threads,
                resume);
        if (stopAfter != null) {
            job.stopAfter(stopAfter);
        }
        job.resume(settings);
        return 0;
    }

    private TrainSettings settings(CommandLine cli) {
        requireOption(cli, epochs >= 1, "--epochs must be at least 1");
        requireOption(cli, batchSize >= 1, "--batch-size must be at least 1");
        requireOption(cli, lr > 0, "--lr must be > 0");
        requireOption(cli, momentum >= 0 && momentum < 1, "--momentum must be in [0, 1)");
        requireOption(cli, weightDecay >= 0, "--weight-decay must be >= 0");
        requireOption(cli, warmupEpochs >= 0, "--warmup-epochs must be >= 0");
        try {
            LearningRateSchedule.Kind.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--schedule: " + e.getMessage());
        }
        try {
            return new TrainSettings(
                    epochs,
                    batchSize,
                    lr,
                    momentum,
                    weightDecay,
                    LearningRateSchedule.Kind.parse(schedule),
                    warmupEpochs,
                    seed,
                    flip);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    cli, "training settings (--epochs, --lr, --warmup-epochs): " + e.getMessage());
        }
    }

    private static void requireOption(CommandLine cli, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(cli, message);
        }
    }

    private TrainJob job(
            ModelConfig config,
            LabelList labelList,
            List<VideoRef> trainRefs,
            List<VideoRef> valRefs,
            boolean flipClips,
            int threads,
            Path dir) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            // training owns the machine: every core for PyTorch's intra-op pool (read at engine start)
            System.setProperty(
                    "ai.djl.pytorch.num_threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors()));
        }
        ClipProtocol protocol = new ClipProtocol(config.input());
        long start = System.nanoTime();
        ClipDataset trainSet = ClipDataset.decode(trainRefs, labelList, protocol, threads);
        ClipDataset valSet = ClipDataset.decode(valRefs, labelList, protocol, threads);
        System.out.printf(
                Locale.ROOT,
                "decoded %d training and %d validation videos in %.1f s%n",
                trainSet.size(),
                valSet.size(),
                (System.nanoTime() - start) / 1e9);
        for (String f : trainSet.failures()) {
            System.err.println("nlvideo: left out of training: " + f);
        }
        for (String f : valSet.failures()) {
            System.err.println("nlvideo: left out of validation: " + f);
        }
        if (trainSet.size() == 0) {
            throw new IllegalStateException("no training video could be decoded");
        }
        return new TrainJob(
                config, labelList, trainSet, valSet, new TrainingClips(protocol, flipClips), dir, System.out);
    }

    private String defaultLabels() {
        Path beside = train.toAbsolutePath().resolveSibling("labels.txt");
        return Files.isRegularFile(beside) ? beside.toString() : null;
    }

    /** The label list from a file, or (source null) the training manifest's labels, sorted. */
    private LabelList labelList(CommandLine cli, String source) {
        try {
            if (source != null) {
                return LabelList.load(source);
            }
            TreeSet<String> names = new TreeSet<>();
            for (VideoRef r : VideoInputs.read(null, train, null, null)) {
                names.addAll(r.labels());
            }
            if (names.isEmpty()) {
                throw new CommandLine.ParameterException(cli, "--train " + train + " has no labels");
            }
            return LabelList.of(List.copyOf(names));
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cli, "--labels: " + e.getMessage());
        }
    }

    private static List<VideoRef> read(CommandLine cli, String option, Path manifest, LabelList labelList) {
        List<VideoRef> refs;
        try {
            refs = VideoInputs.read(null, manifest, null, labelList);
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cli, option + " " + manifest + ": " + e.getMessage());
        }
        if (refs.isEmpty()) {
            throw new CommandLine.ParameterException(cli, option + " " + manifest + " lists no videos");
        }
        for (VideoRef r : refs) {
            if (r.labels().size() != 1) {
                throw new CommandLine.ParameterException(
                        cli,
                        option + " " + manifest + ": video '" + r.videoId() + "' has "
                                + r.labels().size() + " labels; training needs exactly one");
            }
        }
        return refs;
    }

    private static void requireFile(CommandLine cli, String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(cli, option + " " + file + " is not a file");
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
