package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickleReaderTest {

    private static Object load(byte[] pickle) throws Exception {
        return new PickleReader().load(new ByteArrayInputStream(pickle));
    }

    private static Object load(String protocol0) throws Exception {
        return load(protocol0.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Protocol 0 text, as Python 2's pickle.dumps({'a': [1, 2L, 1.5, u'\u00e9', None, True], 'b': (3,)}) writes it. */
    @Test
    void readsProtocol0Text() throws Exception {
        Object v = load("(dp0\nS'a'\np1\n(lp2\nI1\naL2L\naF1.5\naV\\u00e9\np3\naNaI01\nasS'b'\np4\n(I3\ntp5\ns.");
        Map<?, ?> m = assertInstanceOf(Map.class, v);
        assertEquals(List.of(1L, 2L, 1.5, "\u00e9"), ((List<?>) m.get("a")).subList(0, 4));
        assertNull(((List<?>) m.get("a")).get(4));
        assertEquals(Boolean.TRUE, ((List<?>) m.get("a")).get(5));
        assertEquals(List.of(3L), m.get("b"));
    }

    @Test
    void sharesMemoizedObjectsAndReadsWideIntegers() throws Exception {
        byte[] p = new PickleWriter()
                .proto(2)
                .op(']')
                .binput(0) // x = []
                .mark()
                .binget(0)
                .binget(0)
                .bigInteger(new BigInteger("1950a86a20f9469cfc6c", 16))
                .integer(-5)
                .op('t')
                .stop()
                .toByteArray();
        List<?> t = (List<?>) load(p);
        assertSame(t.get(0), t.get(1));
        assertEquals(new BigInteger("1950a86a20f9469cfc6c", 16), t.get(2));
        assertEquals(-5L, t.get(3));
    }

    @Test
    void keepsUnknownClassesOpaque() throws Exception {
        byte[] p = new PickleWriter()
                .proto(4)
                .stackGlobal("argparse", "Namespace")
                .op(')')
                .op(0x81)
                .value(Map.of("depth", 50L))
                .op('b')
                .stop()
                .toByteArray();
        PyObject o = assertInstanceOf(PyObject.class, load(p));
        assertEquals(new PyGlobal("argparse", "Namespace"), o.type());
        assertEquals(Map.of("depth", 50L), o.state());
    }

    @Test
    void reportsMalformedInputAsCheckpointFormatException() {
        assertThrows(CheckpointFormatException.class, () -> load(new byte[] {(byte) 0x80, 2, 'K'}));
        assertThrows(CheckpointFormatException.class, () -> load(new byte[] {(byte) 0x80, 2, (byte) 0xff, '.'}));
        assertThrows(CheckpointFormatException.class, () -> load(new byte[] {(byte) 0x80, 2, 'a', '.'}));
        assertThrows(CheckpointFormatException.class, () -> load(new byte[] {(byte) 0x80, 2, 'h', 9, '.'}));
        assertThrows(CheckpointFormatException.class, () -> load(new byte[] {(byte) 0x80, 2, 'T', -1, -1, -1, -1}));
    }
}
