package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NlI3dTest {

  @Test
  void tinyPresetForwardGivesScoresAndPool5() {
    ModelConfig config = ModelPresets.load("tiny-nl-i3d");
    try (Model model = NlI3d.newModel(config, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NlI3d net = (NlI3d) model.getBlock();
      NDArray clip = manager.randomNormal(new Shape(config.inputShape(2)));
      NDList out = net.forward(new ParameterStore(manager, false), new NDList(clip), false);
      assertEquals(new Shape(2, 10), out.get(0).getShape());
      assertEquals(new Shape(2, config.featureWidth()), out.get(1).getShape());
      assertArrayEquals(net.getOutputShapes(new Shape[] {clip.getShape()})[0].getShape(), out.get(0).getShape().getShape());
      Map<String, Parameter> params = net.namedParameters();
      params.forEach((k, v) -> System.out.println(k + " " + v.getShape()));
      assertTrue(params.containsKey("res3.0.nonlocal.theta.weight"));
    }
  }
}
