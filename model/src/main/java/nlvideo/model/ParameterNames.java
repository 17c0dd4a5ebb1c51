package nlvideo.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stable dotted parameter names ({@code res4.3.nonlocal.theta.weight}) for a block tree.
 *
 * <p>DJL prefixes every child name with its 1-based position ({@code "02res2"}), so its own
 * {@code getParameters()} keys change whenever a child is added before another. These names drop
 * that prefix and join the path with dots; they are the names checkpoint import maps onto (table
 * in {@link NlI3d}).
 */
public final class ParameterNames {
    private ParameterNames() {}

    /** All parameters of {@code block} and its descendants, in block order. */
    public static Map<String, Parameter> of(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getValue().getName(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + stripIndex(child.getKey()) + ".", out);
        }
    }

    /** DJL names children "%02d" + name; drop the leading position digits. */
    static String stripIndex(String childName) {
        int i = 0;
        while (i < 2 && i < childName.length() && Character.isDigit(childName.charAt(i))) {
            i++;
        }
        return childName.substring(i);
    }
}
