package nlvideo.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void rendersMarkdownAndCsvWithEscaping() {
        Table t = new Table("class", "accuracy", "n").add("a|b", 0.5, 3).add("say \"hi\", twice", Double.NaN, 0L);
        assertEquals(
                "| class | accuracy | n |\n|---|---|---|\n| a\\|b | 0.5000 | 3 |\n| say \"hi\", twice |  | 0 |\n",
                t.toMarkdown());
        assertEquals("class,accuracy,n\na|b,0.5000,3\n\"say \"\"hi\"\", twice\",,0\n", t.toCsv());
        assertThrows(IllegalArgumentException.class, () -> t.add("only one"));
    }
}
