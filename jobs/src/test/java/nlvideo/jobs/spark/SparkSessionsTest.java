package nlvideo.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nlvideo.jobs.cli.SparkOptions;
import org.junit.jupiter.api.Test;

/** Which masters run the executors in the driver's JVM. */
class SparkSessionsTest {

    private static SparkOptions options(String master, String confMaster) {
        SparkOptions o = new SparkOptions();
        o.master = master;
        if (confMaster != null) {
            o.conf.put("spark.master", confMaster);
        }
        return o;
    }

    @Test
    void localMastersRunExecutorsHere() {
        assertTrue(SparkSessions.executorsInThisJvm(options(null, null)), "the default local[*,4]");
        assertTrue(SparkSessions.executorsInThisJvm(options("local", null)));
        assertTrue(SparkSessions.executorsInThisJvm(options("local[2]", null)));
        assertTrue(SparkSessions.executorsInThisJvm(options("local[*,4]", null)));
    }

    @Test
    void clusterMastersDoNot() {
        assertFalse(SparkSessions.executorsInThisJvm(options("local-cluster[2,1,1024]", null)));
        assertFalse(SparkSessions.executorsInThisJvm(options("spark://127.0.0.1:7077", null)));
        assertFalse(SparkSessions.executorsInThisJvm(options("yarn", null)));
        assertFalse(
                SparkSessions.executorsInThisJvm(options("local[2]", "spark://127.0.0.1:7077")),
                "--spark-conf spark.master wins over --master, as when the session starts");
    }
}
