package nlvideo.jobs.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Broken copies of real encoded videos, the way files get broken: bytes flipped (a bad disk or
 * transfer), cut short (an interrupted download), container header fields set to values a writer
 * would never write (sizes, counts, time scales, dimensions), and two files spliced together. Each
 * mutant is a pure function of its sources and its seed, so a mutant that ever broke the pipeline
 * can be made again and kept as a regression test.
 *
 * <p>{@code main(SEEDS_DIR, OUT_DIR, N, SEED)} writes N mutants of the files in SEEDS_DIR into
 * OUT_DIR and their list {@code OUT_DIR.csv} (file, kind, source, seed, bytes); scripts/fuzz.sh
 * runs it.
 */
public final class Mutants {

    /** How a mutant was made. */
    public enum Kind {
        FLIP,
        TRUNCATE,
        HEADER,
        SPLICE,
        REPEAT,
        ZERO
    }

    /** One mutant: its bytes and how it was made. */
    public record Mutant(String name, Kind kind, String source, long seed, byte[] bytes) {}

    /**
     * Markers of container structures, after which size and value fields follow: MP4/MOV atoms,
     * RIFF/AVI chunks, Matroska/WebM element ids, Ogg and MPEG-TS sync patterns.
     */
    static final List<byte[]> MARKERS = markers();

    private static final long[] EXTREMES = {0, 1, 2, 7, 0x7F, 0xFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};

    private Mutants() {}

    private static List<byte[]> markers() {
        List<byte[]> m = new ArrayList<>();
        for (String fourcc : List.of(
                "ftyp", "moov", "mvhd", "trak", "tkhd", "edts", "elst", "mdia", "mdhd", "hdlr", "minf", "stbl", "stsd",
                "avc1", "avcC", "mp4v", "esds", "stts", "ctts", "stss", "stsc", "stsz", "stco", "co64", "mdat", "RIFF",
                "AVI ", "LIST", "hdrl", "avih", "strl", "strh", "strf", "movi", "idx1", "00dc", "00db", "OggS")) {
            m.add(fourcc.getBytes(StandardCharsets.ISO_8859_1));
        }
        int[][] ebml = {
            {0x1A, 0x45, 0xDF, 0xA3},
            {0x18, 0x53, 0x80, 0x67},
            {0x16, 0x54, 0xAE, 0x6B},
            {0x1F, 0x43, 0xB6, 0x75},
            {0x2A, 0xD7, 0xB1},
            {0x44, 0x89},
            {0x63, 0xA2},
            {0xAE},
            {0xB0},
            {0xBA},
            {0x86},
            {0xA3},
            {0xE7}
        };
        for (int[] id : ebml) {
            byte[] b = new byte[id.length];
            for (int i = 0; i < id.length; i++) {
                b[i] = (byte) id[i];
            }
            m.add(b);
        }
        return List.copyOf(m);
    }

    /**
     * Mutant {@code index} of a fuzz run: its kind, source(s) and bytes follow from {@code runSeed}
     * and {@code index} alone.
     *
     * @param sources the files to mutate, in a fixed order (e.g. sorted by name)
     */
    public static Mutant make(List<Path> sources, long runSeed, int index) {
        long seed = runSeed * 1_000_003L + index;
        Random r = new Random(seed);
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        Path a = sources.get(r.nextInt(sources.size()));
        byte[] in = read(a);
        byte[] out;
        String source = a.getFileName().toString();
        switch (kind) {
            case FLIP -> out = flip(in, r);
            case TRUNCATE -> out = java.util.Arrays.copyOf(in, 1 + r.nextInt(Math.max(1, in.length - 1)));
            case HEADER -> out = header(in, r);
            case SPLICE -> {
                Path b = sources.get(r.nextInt(sources.size()));
                source = source + "+" + b.getFileName();
                out = splice(in, read(b), r);
            }
            case REPEAT -> out = repeat(in, r);
            case ZERO -> out = zero(in, r);
            default -> throw new IllegalStateException();
        }
        String ext = extension(a.getFileName().toString());
        String name = String.format(
                Locale.ROOT,
                "m%05d-%s-%s%s",
                index,
                kind.name().toLowerCase(Locale.ROOT),
                stem(a.getFileName().toString()),
                ext.isEmpty() ? "" : "." + ext);
        return new Mutant(name, kind, source, seed, out);
    }

    private static byte[] flip(byte[] in, Random r) {
        byte[] out = in.clone();
        int n = 1 + r.nextInt(32);
        boolean headers = r.nextBoolean(); // half the time in the first 4 KB, where the headers are
        for (int i = 0; i < n && out.length > 0; i++) {
            int at = headers ? r.nextInt(Math.min(out.length, 4096)) : r.nextInt(out.length);
            out[at] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
    }

    /** A field after a container marker set to an extreme value (a size, count, scale or dimension). */
    private static byte[] header(byte[] in, Random r) {
        List<Integer> hits = new ArrayList<>();
        for (byte[] marker : MARKERS) {
            for (int at = indexOf(in, marker, 0); at >= 0; at = indexOf(in, marker, at + 1)) {
                hits.add(at + marker.length);
            }
        }
        byte[] out = in.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            int base = hits.isEmpty() ? r.nextInt(Math.min(out.length, 1024)) : hits.get(r.nextInt(hits.size()));
            // just before the marker (MP4 atom size), or one of the fields after it
            int at = r.nextInt(4) == 0 ? base - 8 : base + 4 * r.nextInt(8);
            int width = r.nextBoolean() ? 4 : 1 + r.nextInt(2);
            long value = r.nextInt(3) == 0 ? r.nextLong() : EXTREMES[r.nextInt(EXTREMES.length)];
            for (int i = 0; i < width; i++) {
                int p = at + i;
                if (p >= 0 && p < out.length) {
                    out[p] = (byte) (value >>> (8 * (width - 1 - i)));
                }
            }
        }
        return out;
    }

    private static byte[] splice(byte[] a, byte[] b, Random r) {
        int head = r.nextInt(Math.max(1, a.length));
        int tail = r.nextInt(Math.max(1, b.length));
        byte[] out = new byte[head + (b.length - tail)];
        System.arraycopy(a, 0, out, 0, head);
        System.arraycopy(b, tail, out, head, b.length - tail);
        return out;
    }

    private static byte[] repeat(byte[] in, Random r) {
        if (in.length < 2) {
            return in.clone();
        }
        int from = r.nextInt(in.length - 1);
        int len = 1 + r.nextInt(Math.min(4096, in.length - from));
        int times = 1 + r.nextInt(8);
        byte[] out = new byte[in.length + len * times];
        System.arraycopy(in, 0, out, 0, from + len);
        for (int t = 0; t < times; t++) {
            System.arraycopy(in, from, out, from + len * (t + 1), len);
        }
        System.arraycopy(in, from + len, out, from + len * (times + 1), in.length - from - len);
        return out;
    }

    private static byte[] zero(byte[] in, Random r) {
        byte[] out = in.clone();
        if (out.length == 0) {
            return out;
        }
        int from = r.nextInt(out.length);
        int len = 1 + r.nextInt(Math.min(8192, out.length - from));
        java.util.Arrays.fill(out, from, from + len, (byte) 0);
        return out;
    }

    private static int indexOf(byte[] data, byte[] marker, int from) {
        outer:
        for (int i = from; i <= data.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The files of a folder that serve as sources, sorted by name (so runs repeat exactly). */
    public static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        try {
                            return Files.size(p) > 0;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Writes N mutants and their list: {@code SEEDS_DIR OUT_DIR N SEED}. */
    public static void main(String[] args) throws IOException {
        Path seeds = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        long runSeed = Long.parseLong(args[3]);
        List<Path> sources = sources(seeds);
        List<String> index = new ArrayList<>(List.of("file,kind,source,seed,bytes"));
        for (int i = 0; i < n; i++) {
            Mutant m = make(sources, runSeed, i);
            Files.write(out.resolve(m.name()), m.bytes());
            index.add(String.join(
                    ",",
                    m.name(),
                    m.kind().name().toLowerCase(Locale.ROOT),
                    m.source(),
                    Long.toString(m.seed()),
                    Integer.toString(m.bytes().length)));
        }
        Files.write(out.resolveSibling(out.getFileName() + ".csv"), index);
        System.out.println("wrote " + n + " mutants of " + sources.size() + " files to " + out);
    }
}
