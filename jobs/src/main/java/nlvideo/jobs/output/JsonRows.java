package nlvideo.jobs.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link DriverTable}'s rows as JSON lines, the way Spark's {@code Dataset.toJSON} writes them
 * (its {@code JacksonGenerator}, with the same Jackson): one object per row, fields in schema
 * order, a null field left out ({@code spark.sql.jsonGenerator.ignoreNullFields}, true by
 * default), floats and doubles as Jackson writes them ({@code Float.toString}, NaN and infinities
 * as strings), arrays as arrays with their nulls. Checked line for line against Spark's own
 * output in the tests.
 */
final class JsonRows {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonRows() {}

    /**
     * One row as a JSON object on one line, without the line break.
     *
     * @throws IllegalArgumentException for a column type a driver table does not hold (structs,
     *     maps, dates, binary)
     */
    static String line(StructType schema, Row row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.setRootValueSeparator(null);
            out.writeStartObject();
            StructField[] fields = schema.fields();
            for (int i = 0; i < fields.length; i++) {
                if (row.isNullAt(i)) {
                    continue;
                }
                out.writeFieldName(fields[i].name());
                write(out, fields[i].name(), fields[i].dataType(), row.get(i));
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to a string", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, String field, DataType type, Object value) throws IOException {
        if (type instanceof StringType) {
            out.writeString((String) value);
        } else if (type instanceof IntegerType) {
            out.writeNumber((Integer) value);
        } else if (type instanceof LongType) {
            out.writeNumber((Long) value);
        } else if (type instanceof FloatType) {
            out.writeNumber((Float) value);
        } else if (type instanceof DoubleType) {
            out.writeNumber((Double) value);
        } else if (type instanceof BooleanType) {
            out.writeBoolean((Boolean) value);
        } else if (type instanceof ArrayType array) {
            out.writeStartArray();
            for (Object e : ArrayCells.elements(value)) {
                if (e == null) {
                    out.writeNull();
                } else {
                    write(out, field, array.elementType(), e);
                }
            }
            out.writeEndArray();
        } else {
            throw new IllegalArgumentException("column " + field + ": a driver table holds no " + type.simpleString());
        }
    }
}
