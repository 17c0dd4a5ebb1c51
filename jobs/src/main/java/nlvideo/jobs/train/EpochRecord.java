package nlvideo.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One row of {@code history.csv} and one printed line: an epoch's figures.
 *
 * @param epoch 1-based
 * @param lr learning rate at the epoch's start
 * @param valTop1 clip-level top-1 on the validation set (centre crop, the preset's clips)
 * @param seconds wall time of the epoch, validation included
 */
public record EpochRecord(
        int epoch, double lr, double trainLoss, double trainTop1, double valLoss, double valTop1, double seconds) {

    public static final String HEADER = "epoch,lr,train_loss,train_top1,val_loss,val_top1,seconds";

    public String csv() {
        return String.format(
                Locale.ROOT,
                "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.2f",
                epoch,
                lr,
                trainLoss,
                trainTop1,
                valLoss,
                valTop1,
                seconds);
    }

    public String line(int epochs) {
        return String.format(
                Locale.ROOT,
                "epoch %d/%d  lr %.4g  train loss %.4f top1 %.2f%%  val loss %.4f top1 %.2f%%  %.1f s",
                epoch,
                epochs,
                lr,
                trainLoss,
                100 * trainTop1,
                valLoss,
                100 * valTop1,
                seconds);
    }

    /** Appends the row to {@code file}, writing the header first when the file is new. */
    public void appendTo(Path file) throws IOException {
        String row = csv() + "\n";
        if (!Files.exists(file)) {
            row = HEADER + "\n" + row;
        }
        Files.writeString(file, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
