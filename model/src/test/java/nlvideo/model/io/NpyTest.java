package nlvideo.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by real numpy (resources, see make_npy.py) and by {@link Npy} itself. */
class NpyTest {

    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NpyTest.class.getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** make_npy.py's array: arange(24).reshape(2, 3, 4) * 0.25 - 1.5. */
    private static float[] expected() {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 1.5f;
        }
        return v;
    }

    @Test
    void readsNumpyVersion1And2() throws IOException {
        for (String name : new String[] {"f32_v1.npy", "f32_v2.npy"}) {
            Npy.Array a = Npy.read(resource(name));
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), name);
            assertArrayEquals(expected(), a.data(), name);
        }
        Npy.Array scalar = Npy.read(resource("f32_scalar.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new float[] {3.5f}, scalar.data());
    }

    @Test
    void writesTheBytesNumpyWrites() throws IOException {
        Path out = dir.resolve("java.npy");
        Npy.write(out, new long[] {2, 3, 4}, expected());
        assertArrayEquals(Files.readAllBytes(resource("f32_v1.npy")), Files.readAllBytes(out));
        Npy.write(out, new long[] {}, new float[] {3.5f});
        assertArrayEquals(Files.readAllBytes(resource("f32_scalar.npy")), Files.readAllBytes(out));
    }

    @Test
    void roundTripsOtherShapes() throws IOException {
        Path out = dir.resolve("rt.npy");
        for (long[] shape : new long[][] {{7}, {1, 3, 2, 5, 4}, {0, 3}}) {
            float[] v = new float[(int) Npy.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.sin(i) * 1e3f;
            }
            Npy.write(out, shape, v);
            assertEquals(0, (Files.size(out) - 4L * v.length) % 64, "header padded to 64 bytes");
            Npy.Array a = Npy.read(out);
            assertArrayEquals(shape, a.shape(), Arrays.toString(shape));
            assertArrayEquals(v, a.data());
        }
    }

    @Test
    void refusesWhatItCannotReadFaithfully() throws IOException {
        assertTrue(message("f64.npy").contains("'<f8'"));
        assertTrue(message("f32_fortran.npy").contains("Fortran"));
        assertTrue(message("f32_big_endian.npy").contains("'>f4'"));

        byte[] good = Files.readAllBytes(resource("f32_v1.npy"));
        Path truncated = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 4));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.read(truncated))
                .getMessage()
                .contains("truncated"));
        Path notNpy = Files.writeString(dir.resolve("text.npy"), "hello, world");
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.read(notNpy))
                .getMessage()
                .contains("magic"));
    }

    private String message(String resource) throws IOException {
        Path p = resource(resource);
        return assertThrows(NpyFormatException.class, () -> Npy.read(p)).getMessage();
    }
}
