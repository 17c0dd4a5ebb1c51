package nlvideo.jobs.output;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a table's array cell, whichever way the row holds it: a Java array (primitive or
 * not) or a {@link List}, as a {@link DriverTable}'s rows do, or the Scala sequence of the rows
 * Spark returns.
 */
final class ArrayCells {

    private ArrayCells() {}

    /**
     * @throws IllegalArgumentException when {@code cell} is none of those
     */
    static List<Object> elements(Object cell) {
        if (cell instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (cell instanceof scala.collection.Seq<?> seq) {
            return new ArrayList<>(scala.collection.JavaConverters.seqAsJavaList(seq));
        }
        if (cell != null && cell.getClass().isArray()) {
            int n = Array.getLength(cell);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(cell, i));
            }
            return out;
        }
        throw new IllegalArgumentException("not an array cell: " + cell);
    }
}
