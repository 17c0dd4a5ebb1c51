package nlvideo.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A small pickle virtual machine (protocols 0 to 5) in plain Java, so that checkpoints written by
 * Python (Caffe2 pickles, PyTorch {@code data.pkl}) load without a Python runtime.
 *
 * <p>Python values map to Java as: None to {@code null}; bool to {@link Boolean}; int to {@link Long}
 * (or {@link BigInteger} when wider); float to {@link Double}; unicode {@code str} to {@link String};
 * Python 2 {@code str} (BINSTRING, STRING) to a Latin-1 {@link String}, as Python 3 does with
 * {@code encoding='latin1'}; bytes to {@code byte[]}; list to a mutable {@link List}; tuple to an
 * unmodifiable {@link List}; dict and OrderedDict to a {@link LinkedHashMap}; set to a set.
 * Globals that a caller registered ({@link #register}) are called on REDUCE/NEWOBJ; any other class
 * becomes an opaque {@link PyObject}, so unrelated entries (optimizer state, configs) never block a
 * load. Only what the file asks for is built: no code is ever executed.
 *
 * <p>The reader consumes exactly one pickle, up to its STOP opcode, so that formats made of several
 * consecutive pickles (legacy PyTorch files) can be read from one stream.
 *
 * <p>Hostile input stays inert or is refused with a {@link CheckpointFormatException}: a REDUCE of
 * {@code os.system} (or any unregistered callable) builds an opaque {@link PyObject} and runs
 * nothing; a declared length is never allocated before its bytes arrive, so memory stays bounded by
 * the file's size; dict keys must be hashable as in Python (no lists, dicts or sets) and nested at
 * most {@value #MAX_KEY_DEPTH} deep, so no key hashes recursively without end.
 */
public final class PickleReader {

    /** A Python callable (function or class) that the reader may invoke on REDUCE or NEWOBJ. */
    @FunctionalInterface
    public interface PyCallable {
        Object call(List<Object> args) throws IOException;
    }

    /** An object built in two steps, as Python's {@code __setstate__} (the BUILD opcode). */
    @FunctionalInterface
    public interface Buildable {
        void setState(Object state) throws IOException;
    }

    /** Resolves a persistent id (PERSID/BINPERSID), e.g. PyTorch's tensor storages. */
    @FunctionalInterface
    public interface PersistentLoader {
        Object load(Object pid) throws IOException;
    }

    private static final Object MARK = new Object();

    /** How deep a tuple used as a dict key may nest (checkpoint keys are strings). */
    static final int MAX_KEY_DEPTH = 32;

    /** Python 2 module names, as Python 3's unpickler maps them with fix_imports. */
    private static final Map<String, String> PY2_MODULES = Map.of("__builtin__", "builtins", "copy_reg", "copyreg");

    private final Map<String, PyCallable> globals = new HashMap<>();
    private PersistentLoader persistentLoader;

    private InputStream in;
    private List<Object> stack;
    private List<Integer> marks;
    private Map<Long, Object> memo;

    /** A reader that knows the builtins (dict, OrderedDict, set, list, tuple, bytes, codecs) and nothing else. */
    public PickleReader() {
        register("collections", "OrderedDict", PickleReader::newDict);
        register("builtins", "dict", PickleReader::newDict);
        register("builtins", "set", args -> new LinkedHashSet<>(args.isEmpty() ? List.of() : asList(args.get(0))));
        register(
                "builtins",
                "frozenset",
                args -> Collections.unmodifiableSet(
                        new LinkedHashSet<>(args.isEmpty() ? List.of() : asList(args.get(0)))));
        register("builtins", "list", args -> new ArrayList<>(args.isEmpty() ? List.of() : asList(args.get(0))));
        register("builtins", "tuple", args -> tuple(args.isEmpty() ? List.of() : asList(args.get(0))));
        register("builtins", "bytes", PickleReader::bytesOf);
        register("builtins", "bytearray", PickleReader::bytesOf);
        // Python 3 writes bytes at protocol 2 as _codecs.encode(latin1_text, 'latin1').
        register("_codecs", "encode", PickleReader::codecsEncode);
        // Protocol 0/1 instances of plain classes: copyreg._reconstructor(cls, base, state).
        register(
                "copyreg",
                "_reconstructor",
                args -> args.get(0) instanceof PyGlobal g ? new PyObject(g, List.of()) : args.get(0));
    }

    /** Makes {@code module.name} callable from the pickle (replacing any earlier registration). */
    public PickleReader register(String module, String name, PyCallable callable) {
        globals.put(module + "." + name, callable);
        return this;
    }

    /** Resolves persistent ids (PERSID/BINPERSID) with {@code loader}; without one they are errors. */
    public PickleReader persistentLoader(PersistentLoader loader) {
        this.persistentLoader = loader;
        return this;
    }

    /**
     * Reads one pickle from {@code input}, leaving the stream just after its STOP opcode.
     *
     * @return the pickled value, in the Java forms of this class's description
     * @throws CheckpointFormatException for a truncated, malformed or hostile pickle
     * @throws IOException when the stream cannot be read
     */
    public Object load(InputStream input) throws IOException {
        in = input;
        stack = new ArrayList<>();
        marks = new ArrayList<>();
        memo = new HashMap<>();
        try {
            while (true) {
                int op = in.read();
                if (op < 0) {
                    throw new CheckpointFormatException("pickle ended before its STOP opcode");
                }
                if (op == '.') {
                    return pop();
                }
                step(op);
            }
        } catch (EOFException e) {
            throw new CheckpointFormatException("pickle truncated", e);
        } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
            throw new CheckpointFormatException("malformed pickle: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new CheckpointFormatException("pickle nests its objects too deeply", e);
        } finally {
            in = null;
            stack = null;
            marks = null;
            memo = null;
        }
    }

    private void step(int op) throws IOException {
        switch (op) {
            case 0x80 -> readByte(); // PROTO
            case 0x95 -> readLong8(); // FRAME: frames are only a buffering hint
            case '(' -> marks.add(stack.size()); // MARK
            case '0' -> pop(); // POP
            case '1' -> popMark(); // POP_MARK
            case '2' -> push(peek()); // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'I' -> push(parseTextInt(readLine()));
            case 'J' -> push((long) readInt4());
            case 'K' -> push((long) readByte());
            case 'M' -> push((long) (readByte() | (readByte() << 8)));
            case 'L' -> push(normalize(new BigInteger(stripSuffix(readLine(), "L"))));
            case 0x8a -> push(readLongBytes(readByte()));
            case 0x8b -> push(readLongBytes(checkedLength(readInt4())));
            case 'F' -> push(Double.parseDouble(readLine()));
            case 'G' -> push(Double.longBitsToDouble(readBigEndianLong()));
            case 'S' -> push(parseQuoted(readLine()));
            case 'T' -> push(latin1(readBytes(checkedLength(readInt4()))));
            case 'U' -> push(latin1(readBytes(readByte())));
            case 'V' -> push(rawUnicodeEscape(readLine()));
            case 'X' -> push(utf8(readBytes(checkedLength(readInt4()))));
            case 0x8c -> push(utf8(readBytes(readByte())));
            case 0x8d -> push(utf8(readBytes(checkedLength(readLong8()))));
            case 'B' -> push(readBytes(checkedLength(readInt4())));
            case 'C' -> push(readBytes(readByte()));
            case 0x8e, 0x96 -> push(readBytes(checkedLength(readLong8()))); // BINBYTES8, BYTEARRAY8
            case ']' -> push(new ArrayList<>());
            case 'a' -> {
                Object item = pop();
                asList(peek()).add(item);
            }
            case 'e' -> {
                List<Object> items = popMark();
                asList(peek()).addAll(items);
            }
            case 'l' -> push(new ArrayList<>(popMark()));
            case ')' -> push(tuple(List.of()));
            case 't' -> push(tuple(popMark()));
            case 0x85 -> push(tuple(List.of(pop())));
            case 0x86 -> {
                Object b = pop();
                Object a = pop();
                push(tuple(Arrays.asList(a, b)));
            }
            case 0x87 -> {
                Object c = pop();
                Object b = pop();
                Object a = pop();
                push(tuple(Arrays.asList(a, b, c)));
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, popMark());
                push(dict);
            }
            case 's' -> {
                Object value = pop();
                Object key = hashable(pop());
                asMap(peek()).put(key, value);
            }
            case 'u' -> {
                List<Object> items = popMark();
                putPairs(asMap(peek()), items);
            }
            case 0x8f -> push(new LinkedHashSet<>());
            case 0x90 -> {
                List<Object> items = popMark();
                asSet(peek()).addAll(items);
            }
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));
            case 'c' -> {
                String module = readLine();
                push(global(module, readLine()));
            }
            case 0x93 -> {
                String name = (String) pop();
                push(global((String) pop(), name));
            }
            case 'R' -> {
                List<Object> args = asList(pop());
                push(call(pop(), args));
            }
            case 0x81 -> {
                List<Object> args = asList(pop());
                push(call(pop(), args));
            }
            case 0x92 -> {
                pop(); // kwargs: none of the classes we build take any
                List<Object> args = asList(pop());
                push(call(pop(), args));
            }
            case 'i' -> {
                String module = readLine();
                Object cls = global(module, readLine());
                push(call(cls, popMark()));
            }
            case 'o' -> {
                List<Object> items = popMark();
                push(call(items.get(0), items.subList(1, items.size())));
            }
            case 'b' -> build(pop(), peek());
            case 'p' -> memo.put(Long.parseLong(readLine()), peek());
            case 'q' -> memo.put((long) readByte(), peek());
            case 'r' -> memo.put(readInt4() & 0xffffffffL, peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'g' -> push(memoGet(Long.parseLong(readLine())));
            case 'h' -> push(memoGet(readByte()));
            case 'j' -> push(memoGet(readInt4() & 0xffffffffL));
            case 'P' -> push(persistent(readLine()));
            case 'Q' -> push(persistent(pop()));
            default ->
                throw new CheckpointFormatException(String.format(
                        "unsupported pickle opcode 0x%02x (extension registry or out-of-band buffers?)", op));
        }
    }

    // ---- objects

    private Object global(String module, String name) {
        String mod = PY2_MODULES.getOrDefault(module, module);
        PyCallable callable = globals.get(mod + "." + name);
        return callable != null ? callable : new PyGlobal(mod, name);
    }

    private static Object call(Object callable, List<Object> args) throws IOException {
        if (callable instanceof PyCallable c) {
            return c.call(args);
        }
        if (callable instanceof PyGlobal g) {
            return new PyObject(g, args);
        }
        throw new CheckpointFormatException("pickle calls a non-callable " + describe(callable));
    }

    private static void build(Object state, Object target) throws IOException {
        if (target instanceof Buildable b) {
            b.setState(state);
        } else if (target instanceof PyObject o) {
            o.setState(state);
        }
        // Otherwise (e.g. an OrderedDict's _metadata attribute): attributes we never read.
    }

    private Object persistent(Object pid) throws IOException {
        if (persistentLoader == null) {
            throw new CheckpointFormatException("pickle holds a persistent id but no loader is set: " + describe(pid));
        }
        return persistentLoader.load(pid);
    }

    private Object memoGet(long key) throws CheckpointFormatException {
        if (!memo.containsKey(key)) {
            throw new CheckpointFormatException("pickle reads memo entry " + key + " before writing it");
        }
        return memo.get(key);
    }

    private static Object newDict(List<Object> args) throws IOException {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (!args.isEmpty() && args.get(0) != null) {
            if (args.get(0) instanceof Map<?, ?> m) {
                dict.putAll(m);
            } else {
                for (Object pair : asList(args.get(0))) {
                    List<Object> kv = asList(pair);
                    dict.put(kv.get(0), kv.get(1));
                }
            }
        }
        return dict;
    }

    private static Object bytesOf(List<Object> args) throws IOException {
        if (args.isEmpty()) {
            return new byte[0];
        }
        Object arg = args.get(0);
        if (arg instanceof byte[] b) {
            return b;
        }
        if (arg instanceof String s && args.size() >= 2) {
            return codecsEncode(args);
        }
        if (arg instanceof List<?> list) {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((Number) list.get(i)).intValue();
            }
            return out;
        }
        throw new CheckpointFormatException("cannot make bytes from " + describe(arg));
    }

    private static Object codecsEncode(List<Object> args) throws IOException {
        String text = (String) args.get(0);
        String encoding = args.size() > 1 ? (String) args.get(1) : "utf-8";
        try {
            Charset charset =
                    encoding.equalsIgnoreCase("latin1") ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return text.getBytes(charset);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException("unknown text encoding in pickle: " + encoding, e);
        }
    }

    // ---- stack

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws CheckpointFormatException {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
            throw new CheckpointFormatException("malformed pickle: pop from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CheckpointFormatException {
        if (stack.isEmpty()) {
            throw new CheckpointFormatException("malformed pickle: empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws CheckpointFormatException {
        if (marks.isEmpty()) {
            throw new CheckpointFormatException("malformed pickle: no MARK on the stack");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> items) throws CheckpointFormatException {
        if (items.size() % 2 != 0) {
            throw new CheckpointFormatException("malformed pickle: odd number of dict items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    /**
     * A dict key as Python accepts one: an immutable value, or a tuple of them (nested at most
     * {@value #MAX_KEY_DEPTH} deep); lists, dicts and sets are unhashable.
     */
    private static Object hashable(Object key) throws CheckpointFormatException {
        List<Object> level = List.of(key);
        for (int depth = 0; !level.isEmpty(); depth++) {
            if (depth > MAX_KEY_DEPTH) {
                throw new CheckpointFormatException("pickle: dict key nested more than " + MAX_KEY_DEPTH + " deep");
            }
            List<Object> next = new ArrayList<>();
            for (Object k : level) {
                if (k instanceof List<?> l && isTuple(l)) {
                    next.addAll(l);
                } else if (k instanceof List<?> || k instanceof Map<?, ?> || k instanceof java.util.Set<?>) {
                    throw new CheckpointFormatException("pickle: unhashable dict key (a " + describe(k) + ")");
                }
            }
            level = next;
        }
        return key;
    }

    private static final Class<?> TUPLE_CLASS =
            Collections.unmodifiableList(new ArrayList<>()).getClass();

    private static boolean isTuple(List<?> l) {
        return l.getClass() == TUPLE_CLASS;
    }

    static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) throws CheckpointFormatException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new CheckpointFormatException("pickle: expected a list or tuple, found " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) throws CheckpointFormatException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new CheckpointFormatException("pickle: expected a dict, found " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Set<Object> asSet(Object o) throws CheckpointFormatException {
        if (o instanceof java.util.Set<?> s) {
            return (java.util.Set<Object>) s;
        }
        throw new CheckpointFormatException("pickle: expected a set, found " + describe(o));
    }

    /** A short, non-recursive description of a value for messages: its kind, and its text when a string or number. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof PyGlobal) {
            String text = String.valueOf(o);
            return text.length() > 80 ? text.substring(0, 80) + "..." : text;
        }
        if (o instanceof List<?> l) {
            return (isTuple(l) ? "tuple" : "list") + " of " + l.size();
        }
        return o.getClass().getSimpleName();
    }

    // ---- raw input

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private int readInt4() throws IOException {
        return readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
    }

    private long readLong8() throws IOException {
        long lo = readInt4() & 0xffffffffL;
        long hi = readInt4() & 0xffffffffL;
        return lo | (hi << 32);
    }

    private long readBigEndianLong() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    private static int checkedLength(long n) throws CheckpointFormatException {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            throw new CheckpointFormatException("pickle item length out of range: " + n);
        }
        return (int) n;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = readByte(); b != '\n'; b = readByte()) {
            line.write(b);
        }
        String s = latin1(line.toByteArray());
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private Object readLongBytes(int n) throws IOException {
        if (n == 0) {
            return 0L;
        }
        byte[] le = readBytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        return normalize(new BigInteger(be));
    }

    private static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object parseTextInt(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return normalize(new BigInteger(s.trim()));
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b) {
        // surrogatepass in Python; Java's decoder replaces lone surrogates, which never occur in names.
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Protocol 0 STRING: a Python 2 repr, quoted with ' or ", with backslash escapes. */
    private static String parseQuoted(String s) throws CheckpointFormatException {
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw new CheckpointFormatException("malformed STRING opcode argument");
        }
        String body = s.substring(1, s.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case 'x' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < body.length()
                                && end < i + 3
                                && body.charAt(end) >= '0'
                                && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.append((char) Integer.parseInt(body.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.append(e); // \\ \' \"
                    }
                }
            }
        }
        return out.toString();
    }

    /** Protocol 0 UNICODE: raw-unicode-escape (only backslash-u and backslash-U are escapes). */
    private static String rawUnicodeEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 9 < s.length() && s.charAt(i + 1) == 'U') {
                out.appendCodePoint(Integer.parseInt(s.substring(i + 2, i + 10), 16));
                i += 9;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
