package nlvideo.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelListTest {

    @Test
    void kinetics400IsBundledWithFourHundredSortedUniqueNames() {
        LabelList k400 = LabelList.load("kinetics400");
        assertEquals(400, k400.size());
        assertFalse(k400.hasCodes());
        assertEquals("abseiling", k400.name(0));
        assertEquals("zumba", k400.name(399));
        assertEquals(400, new HashSet<>(k400.names()).size());
        for (int i = 1; i < k400.size(); i++) {
            assertTrue(k400.name(i - 1).compareTo(k400.name(i)) < 0, "alphabetical at " + i);
        }
        assertEquals(
                k400.indexOf("passing American football (in game)"),
                k400.indexOf("passing_American_football_(in_game)"));
        assertTrue(k400.indexOf("passing American football (in game)") >= 0);
    }

    @Test
    void charadesIsBundledWithCodesAndNames() {
        LabelList charades = LabelList.load("charades");
        assertEquals(157, charades.size());
        assertTrue(charades.hasCodes());
        for (int i = 0; i < 157; i++) {
            assertEquals(String.format("c%03d", i), charades.code(i));
            assertEquals(i, charades.indexOf(charades.code(i)));
            assertEquals(i, charades.indexOf(charades.name(i)));
        }
        assertEquals("Holding some clothes", charades.name(0));
        assertEquals("Someone is eating something", charades.name(156));
        assertEquals("c092", charades.canonical("Watching/Looking outside of a window"));
    }

    @Test
    void loadsFromAFileAndLooksUpLoosely(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.txt");
        Files.writeString(file, "\uFEFFcat\n\nDog Walking\n  bird \n");
        LabelList list = LabelList.load(file.toString());
        assertEquals(List.of("cat", "Dog Walking", "bird"), list.names());
        assertEquals(1, list.indexOf("dog_walking"));
        assertEquals(1, list.indexOf("\"Dog Walking\""));
        assertEquals(2, list.indexOf("2"), "a number is an output index");
        assertEquals(-1, list.indexOf("3"));
        assertEquals(-1, list.indexOf("horse"));
        assertNull(list.canonical("horse"));
        DatasetException e = assertThrows(DatasetException.class, () -> list.require("horse"));
        assertTrue(e.getMessage().contains("horse"));
    }

    @Test
    void rejectsDuplicatesEmptyListsAndUnknownNames(@TempDir Path dir) throws Exception {
        assertThrows(DatasetException.class, () -> LabelList.parse("x", List.of("a", "b", "a")));
        assertThrows(DatasetException.class, () -> LabelList.parse("x", List.of(" ", "")));
        DatasetException e = assertThrows(DatasetException.class, () -> LabelList.load("no-such-list"));
        assertTrue(e.getMessage().contains("no-such-list"));
    }
}
