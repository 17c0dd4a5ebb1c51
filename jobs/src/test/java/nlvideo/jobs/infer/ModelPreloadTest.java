package nlvideo.jobs.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nlvideo.model.ModelPresets;
import nlvideo.model.Precision;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * What the driver hands the executors for {@link ModelPreload}: the spec comes back equal from the
 * Spark setting, a plugin the user set stays, and setting it twice adds the plugin once. (That
 * executors of a real standalone cluster preload: LocalClusterTest.)
 */
class ModelPreloadTest {

    @Test
    void theSpecTravelsInTheConfAndOtherPluginsStay() {
        ModelSpec spec = ModelSpec.of(ModelPresets.load("tiny-nl-i3d"), "/data/w.nlw", 7, Precision.BF16);
        SparkConf conf = new SparkConf(false).set("spark.plugins", "com.example.Other");
        ModelPreload.configure(conf, spec);
        ModelPreload.configure(conf, spec);
        assertEquals("com.example.Other," + ModelPreload.class.getName(), conf.get("spark.plugins"));
        assertEquals(spec, ModelPreload.decode(conf.get(ModelPreload.SPEC)));

        SparkConf bare = new SparkConf(false);
        ModelPreload.configure(bare, spec);
        assertEquals(ModelPreload.class.getName(), bare.get("spark.plugins"));
    }

    @Test
    void aSettingThatHoldsNoSpecIsRefusedWithItsName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ModelPreload.decode("bm90IGEgc3BlYw=="));
        assertEquals(true, e.getMessage().contains(ModelPreload.SPEC), e.getMessage());
    }
}
