package nlvideo.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Test-only pickle writer: emits opcodes one by one, so tests can reproduce exactly the byte
 * layouts that Python 2, Python 3 and numpy 1/2 write, without Python. {@link #value} writes plain
 * Java values (String, Long/Integer, Double, Boolean, null, byte[], List as tuple, Map as dict, and
 * {@link Custom} for anything else).
 */
final class PickleWriter {

    /** Writes itself with the writer's opcodes (for numpy arrays, tensors, OrderedDicts...). */
    interface Custom {
        void writeTo(PickleWriter w);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleWriter proto(int protocol) {
        return op(0x80).op(protocol);
    }

    PickleWriter stop() {
        return op('.');
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter global(String module, String name) {
        op('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleWriter stackGlobal(String module, String name) {
        unicode(module);
        unicode(name);
        return op(0x93);
    }

    PickleWriter unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').int4(b.length).raw(b);
    }

    /** Python 2 {@code str}: SHORT_BINSTRING below 256 bytes, BINSTRING above. */
    PickleWriter py2str(byte[] b) {
        if (b.length < 256) {
            return op('U').op(b.length).raw(b);
        }
        return op('T').int4(b.length).raw(b);
    }

    PickleWriter bytes(byte[] b) {
        return op('B').int4(b.length).raw(b);
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').int4((int) v);
        }
        return bigInteger(BigInteger.valueOf(v));
    }

    /** LONG1: little-endian two's complement. */
    PickleWriter bigInteger(BigInteger v) {
        byte[] be = v.toByteArray();
        op(0x8a).op(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
        return this;
    }

    PickleWriter binput(int index) {
        return op('q').op(index);
    }

    PickleWriter binget(int index) {
        return op('h').op(index);
    }

    PickleWriter int4(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
        return this;
    }

    PickleWriter long8(long v) {
        int4((int) v);
        return int4((int) (v >>> 32));
    }

    PickleWriter raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** Writes a Java value as its natural Python counterpart. */
    PickleWriter value(Object v) {
        if (v == null) {
            return op('N');
        }
        if (v instanceof Custom c) {
            c.writeTo(this);
            return this;
        }
        if (v instanceof String s) {
            return unicode(s);
        }
        if (v instanceof Boolean b) {
            return op(b ? 0x88 : 0x89);
        }
        if (v instanceof Integer i) {
            return integer(i);
        }
        if (v instanceof Long l) {
            return integer(l);
        }
        if (v instanceof Double d) {
            op('G');
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }
        if (v instanceof byte[] b) {
            return bytes(b);
        }
        if (v instanceof List<?> list) {
            mark();
            list.forEach(this::value);
            return op('t');
        }
        if (v instanceof Map<?, ?> map) {
            op('}');
            if (!map.isEmpty()) {
                mark();
                map.forEach((k, x) -> {
                    value(k);
                    value(x);
                });
                op('u');
            }
            return this;
        }
        throw new IllegalArgumentException("no pickle form for " + v.getClass());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
