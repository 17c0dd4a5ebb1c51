package nlvideo.pipeline.video;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Decoded frames as images people can look at: an RGB frame ({@link DecodedFrames#frame}, height
 * x width x 3 bytes) or a rectangle of it as a {@link BufferedImage}, frames side by side as one
 * contact sheet, and PNG files written with the JDK's ImageIO. Anything that shows frames (the
 * {@code frames} command, annotated renderings) goes through here, so that pixels reach images
 * one way.
 */
public final class FrameImages {
    private FrameImages() {}

    /**
     * The whole frame as an image.
     *
     * @param rgb height x width x 3 bytes, row-major, R G B
     * @throws IllegalArgumentException when the array does not hold width x height pixels
     */
    public static BufferedImage image(byte[] rgb, int width, int height) {
        return image(rgb, width, height, 0, 0, width, height);
    }

    /**
     * The rectangle of {@code w} x {@code h} pixels at ({@code x}, {@code y}) of a frame, as an image.
     *
     * @throws IllegalArgumentException when the rectangle leaves the frame or the array is the wrong size
     */
    public static BufferedImage image(byte[] rgb, int width, int height, int x, int y, int w, int h) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("an RGB frame of " + width + "x" + height + " has " + width * height * 3
                    + " bytes, got " + rgb.length);
        }
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("rectangle " + w + "x" + h + " at " + x + "," + y + " leaves the "
                    + width + "x" + height + " frame");
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int row = 0; row < h; row++) {
            int from = ((y + row) * width + x) * 3;
            int to = row * w * 3;
            for (int i = 0; i < w; i++, from += 3, to += 3) {
                bgr[to] = rgb[from + 2];
                bgr[to + 1] = rgb[from + 1];
                bgr[to + 2] = rgb[from];
            }
        }
        return image;
    }

    /**
     * Images side by side, left to right (time across), top-aligned on a black background.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public static BufferedImage row(List<BufferedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to lay out");
        }
        int width = 0;
        int height = 0;
        for (BufferedImage im : images) {
            width += im.getWidth();
            height = Math.max(height, im.getHeight());
        }
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        try {
            int x = 0;
            for (BufferedImage im : images) {
                g.drawImage(im, x, 0, null);
                x += im.getWidth();
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /**
     * Writes the image as a PNG file, replacing one of the same name.
     *
     * @throws IOException when the file cannot be written
     */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
