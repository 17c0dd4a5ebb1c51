package nlvideo.jobs.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws the current top-k labels and scores onto video frames: a dark translucent box in the
 * top-left corner of the displayed picture with one line per label ({@code label 0.93}) and a
 * bar as long as the score. The box has one size for the whole video, set by the longest line any
 * of its labels can give, so that it does not jump from step to step and nothing outside it is
 * ever touched.
 *
 * <p>Frames are drawn in their stored orientation: for a video shown rotated (a phone video with
 * a display matrix), the drawing is turned so that the text stands upright as displayed, and the
 * box lies at the displayed top-left.
 */
public final class LabelOverlay {

    /** One label line: a class name and its score in [0, 1]. */
    public record Line(String label, double score) {}

    private final int displayWidth;
    private final int displayHeight;
    private final int rotation;
    private final Font font;
    private final Rectangle box;
    private final int lineHeight;
    private final int pad;

    /**
     * @param displayWidth the picture's displayed width in pixels
     * @param displayHeight its displayed height
     * @param rotation clockwise degrees (0, 90, 180, 270) from stored to displayed picture
     * @param k lines per frame, >= 1
     * @param labels every label that may be drawn (sizes the box)
     * @throws IllegalArgumentException for a bad rotation or k
     */
    public LabelOverlay(int displayWidth, int displayHeight, int rotation, int k, List<String> labels) {
        if (rotation % 90 != 0 || rotation < 0 || rotation >= 360) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, got " + rotation);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.displayWidth = displayWidth;
        this.displayHeight = displayHeight;
        this.rotation = rotation;
        int size = Math.max(9, Math.round(Math.min(displayWidth, displayHeight) / 20f));
        this.font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scratch.createGraphics();
        FontMetrics metrics = g.getFontMetrics(font);
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, metrics.stringWidth(text(new Line(label, 0.999))));
        }
        g.dispose();
        this.pad = Math.max(2, size / 4);
        this.lineHeight = metrics.getHeight() + pad;
        int margin = Math.max(2, size / 3);
        int width = Math.min(displayWidth - 2 * margin, widest + 2 * pad);
        int height = Math.min(displayHeight - 2 * margin, k * lineHeight + pad);
        this.box = new Rectangle(margin, margin, Math.max(1, width), Math.max(1, height));
    }

    /** Where the box lies in the displayed picture: every drawn pixel is inside it. */
    public Rectangle box() {
        return new Rectangle(box);
    }

    /**
     * Draws the lines onto a frame in its stored orientation.
     *
     * @param frame a picture of the stored size (displayed size, swapped for 90 and 270)
     */
    public void draw(BufferedImage frame, List<Line> lines) {
        Graphics2D g = frame.createGraphics();
        try {
            g.transform(displayToStored(frame.getWidth(), frame.getHeight()));
            g.clip(box);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.62f));
            g.setColor(Color.BLACK);
            g.fill(box);
            g.setComposite(AlphaComposite.SrcOver);
            g.setFont(font);
            FontMetrics metrics = g.getFontMetrics();
            int barWidth = box.width - 2 * pad;
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                int top = box.y + pad + i * lineHeight;
                g.setColor(new Color(0x4E79A7));
                int bar = (int) Math.round(barWidth * Math.max(0, Math.min(1, line.score())));
                g.fillRect(box.x + pad, top + metrics.getHeight() - 1, bar, Math.max(1, pad / 2));
                g.setColor(i == 0 ? Color.WHITE : new Color(0xDDDDDD));
                g.drawString(text(line), box.x + pad, top + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
    }

    /** Maps displayed coordinates to the stored picture's, for a picture stored w x h. */
    AffineTransform displayToStored(int storedWidth, int storedHeight) {
        AffineTransform t = new AffineTransform();
        switch (rotation) {
            case 90 -> { // displayed (x, y) is stored (y, h - x)
                t.translate(0, storedHeight);
                t.rotate(-Math.PI / 2);
            }
            case 180 -> {
                t.translate(storedWidth, storedHeight);
                t.rotate(Math.PI);
            }
            case 270 -> { // displayed (x, y) is stored (w - y, x)
                t.translate(storedWidth, 0);
                t.rotate(Math.PI / 2);
            }
            default -> {}
        }
        return t;
    }

    public int displayWidth() {
        return displayWidth;
    }

    public int displayHeight() {
        return displayHeight;
    }

    private static String text(Line line) {
        return String.format(Locale.ROOT, "%s %.2f", line.label(), line.score());
    }
}
