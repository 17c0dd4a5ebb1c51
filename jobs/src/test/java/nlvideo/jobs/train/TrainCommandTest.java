package nlvideo.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JobOutput;
import nlvideo.model.HeadConfig;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightsFile;
import nlvideo.model.train.TrainingCheckpoint;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nlvideo train} on real encoded files with the tiny preset: it learns a separable set,
 * its best weights reproduce its validation predictions through {@code classify}, and a resumed
 * run ends where an uninterrupted one does.
 */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    static Path trainCsv;
    static Path valCsv;
    static Path dropoutModel;

    @BeforeAll
    static void writeData() throws Exception {
        Path data = tmp.resolve("data");
        trainCsv = LabelledVideos.manifest(data, "train", 6, 1);
        valCsv = LabelledVideos.manifest(data, "val", 2, 2);
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        HeadConfig h = tiny.head();
        dropoutModel = Files.writeString(
                tmp.resolve("tiny-dropout.yaml"),
                tiny.withHead(new HeadConfig(h.type(), 0.5, h.poolKernel())).toYaml());
    }

    @AfterAll
    static void stop() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    static String[] train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--train",
                trainCsv.toString(),
                "--val",
                valCsv.toString(),
                "--output",
                out.toString(),
                "--batch-size",
                "4",
                "--lr",
                "0.02"));
        args.addAll(List.of(extra));
        if (!args.contains("--model")) {
            args.addAll(List.of("--model", "tiny-nl-i3d"));
        }
        return args.toArray(new String[0]);
    }

    @Test
    void learnsASeparableSetAndClassifyReproducesTheValidationPredictions() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, Main.run(train(out, "--epochs", "8", "--warmup-epochs", "1", "--decode-threads", "2")));
        List<String> history = Files.readAllLines(out.resolve(TrainJob.HISTORY));
        assertEquals(EpochRecord.HEADER, history.get(0));
        assertEquals(9, history.size());
        String[] first = history.get(1).split(",");
        String[] last = history.get(8).split(",");
        assertTrue(Double.parseDouble(last[2]) < Double.parseDouble(first[2]) / 2, history.toString());
        assertEquals(1.0, Double.parseDouble(last[3]), 1e-9, "train top1: " + history);
        assertEquals(List.of("bright", "dark"), Files.readAllLines(out.resolve(TrainJob.LABELS)));
        assertEquals(2, TrainingCheckpoint.readConfig(out).numClasses());

        Path classified = tmp.resolve("classified");
        assertEquals(
                0,
                Main.run(
                        "classify",
                        "--input",
                        valCsv.toString(),
                        "--output",
                        classified.toString(),
                        "--model",
                        out.resolve(TrainingCheckpoint.CONFIG).toString(),
                        "--weights",
                        out.resolve(TrainingCheckpoint.BEST).toString(),
                        "--labels",
                        out.resolve(TrainJob.LABELS).toString(),
                        "--format",
                        "json",
                        "--master",
                        "local[2]",
                        "--spark-conf",
                        "spark.ui.enabled=false"));
        Map<String, JsonNode> byId = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(JobOutput.tableFile(classified, "predictions"))) {
            JsonNode row = json.readTree(line);
            byId.put(row.get("video_id").asText(), row);
        }
        List<String> reported = Files.readAllLines(out.resolve(TrainJob.VAL_PREDICTIONS));
        assertEquals(5, reported.size());
        for (String row : reported.subList(1, reported.size())) {
            String[] f = row.split(",");
            JsonNode c = byId.get(f[0]);
            assertEquals(f[2], c.get("label").asText(), row);
            assertEquals(Double.parseDouble(f[3]), c.get("score").asDouble(), 1e-4, row);
        }
    }

    @Test
    void resumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        String[] common = {
            "--model", dropoutModel.toString(), "--seed", "5", "--warmup-epochs", "1", "--momentum", "0.8"
        };
        assertEquals(0, Main.run(train(whole, concat(common, new String[] {"--epochs", "3"}))));
        assertEquals(0, Main.run(train(parts, concat(common, new String[] {"--epochs", "3", "--stop-after", "2"}))));
        assertEquals(2, Files.readAllLines(parts.resolve(TrainJob.HISTORY)).size() - 1);
        // a resumed run keeps its settings and protocol: changing them is a usage error
        assertEquals(2, Main.run("train", "--resume", parts.toString(), "--lr", "0.5"));
        assertEquals(2, Main.run("train", "--resume", parts.toString(), "--frames", "4"));
        assertEquals(0, Main.run("train", "--resume", parts.toString()));
        Map<String, CheckpointTensor> a =
                WeightsFile.read(whole.resolve(TrainingCheckpoint.LAST)).tensors();
        Map<String, CheckpointTensor> b =
                WeightsFile.read(parts.resolve(TrainingCheckpoint.LAST)).tensors();
        assertEquals(a.keySet(), b.keySet());
        boolean runningStats = false;
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), 1e-6f, name);
            runningStats |= name.endsWith("runningMean");
        }
        assertTrue(runningStats);
        assertEquals(
                Files.readAllLines(whole.resolve(TrainJob.HISTORY)).size(),
                Files.readAllLines(parts.resolve(TrainJob.HISTORY)).size());
    }

    /**
     * {@code --init} with a 2D ImageNet ResNet written by real {@code torch.save} (torchvision layout,
     * model's make_torch_fixtures.py): its kernels are inflated, the non-local blocks start as
     * identities, the 10-class ImageNet head is replaced for the two labels, and the clip length is
     * overridden with {@code --frames} and kept in model.yaml.
     */
    @Test
    void finetunesFromA2dImageNetCheckpoint() throws Exception {
        Path init = tmp.resolve("imagenet_tiny_torchvision.pth");
        try (java.io.InputStream in =
                getClass().getResourceAsStream("/nlvideo/model/checkpoint/imagenet_tiny_torchvision.pth")) {
            Files.copy(in, init);
        }
        Path yaml = Files.writeString(tmp.resolve("inflation.yaml"), nlvideo.model.train.ImageNetInflationTest.NETWORK);
        Path out = tmp.resolve("finetuned");
        assertEquals(
                2,
                Main.run(train(out, "--model", yaml.toString(), "--init", init.toString(), "--epochs", "1")),
                "a 10-class ImageNet head needs --new-classifier for 2 labels");
        assertEquals(
                0,
                Main.run(train(
                        out,
                        "--model",
                        yaml.toString(),
                        "--init",
                        init.toString(),
                        "--new-classifier",
                        "--epochs",
                        "1",
                        "--frames",
                        "8")));
        ModelConfig saved = TrainingCheckpoint.readConfig(out);
        assertEquals(8, saved.input().frames());
        assertEquals(2, saved.numClasses());
        Map<String, CheckpointTensor> weights =
                WeightsFile.read(out.resolve(TrainingCheckpoint.LAST)).tensors();
        assertArrayEquals(
                new long[] {4, 3, 3, 7, 7}, weights.get("stem.conv.weight").shape());
    }

    @Test
    void badArgumentsExitWithTwoAndWriteNothing() throws Exception {
        Path out = tmp.resolve("bad");
        assertEquals(
                2,
                Main.run(
                        "train", "--model", "tiny-nl-i3d", "--train", trainCsv.toString(), "--output", out.toString()));
        assertEquals(2, Main.run(train(out, "--schedule", "linear")));
        assertEquals(2, Main.run(train(out, "--epochs", "0")));
        assertEquals(2, Main.run(train(out, "--model", "no-such-preset")));
        assertEquals(2, Main.run(train(out, "--new-classifier")));
        assertEquals(2, Main.run(train(out, "--init", trainCsv.toString())));
        assertEquals(2, Main.run("train", "--resume", tmp.resolve("nothing").toString()));
        assertEquals(2, Main.run(train(out, "--crop-size", "0")));
        assertEquals(2, Main.run(train(out, "--sampling", "tsn")));
        assertFalse(Files.exists(out));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
