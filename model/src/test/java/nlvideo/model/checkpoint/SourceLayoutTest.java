package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names as they appear in the published R50 checkpoints, and what each fills in the network. */
class SourceLayoutTest {

    @ParameterizedTest
    @CsvSource({
        "CAFFE2, conv1_w, stem.conv.weight",
        "CAFFE2, res_conv1_bn_riv, stem.bn.runningVar",
        "CAFFE2, res4_5_branch2b_bn_rm, res4.5.b.bn.runningMean",
        "CAFFE2, res5_0_branch1_w, res5.0.shortcut.conv.weight",
        "CAFFE2, nonlocal_conv4_5_phi_b, res4.5.nonlocal.phi.bias",
        "CAFFE2, nonlocal_conv3_3_bn_s, res3.3.nonlocal.bn.gamma",
        "CAFFE2, pred_b, head.fc.bias",
        "PYSLOWFAST, s1.pathway0_stem.bn.running_var, stem.bn.runningVar",
        "PYSLOWFAST, s4.pathway0_res5.branch2.c_bn.bias, res4.5.c.bn.beta",
        "PYSLOWFAST, s2.pathway0_res0.branch1.weight, res2.0.shortcut.conv.weight",
        "PYSLOWFAST, s2.pathway0_res0.branch1_bn.weight, res2.0.shortcut.bn.gamma",
        "PYSLOWFAST, s3.pathway0_nonlocal1.conv_out.weight, res3.1.nonlocal.out.weight",
        "PYSLOWFAST, s4.pathway0_nonlocal5.norm.running_mean, res4.5.nonlocal.bn.runningMean",
        "PYSLOWFAST, module.head.projection.weight, head.fc.weight",
        "MMACTION2, backbone.conv1.bn.weight, stem.bn.gamma",
        "MMACTION2, backbone.layer3.5.conv2.conv.weight, res4.5.b.conv.weight",
        "MMACTION2, backbone.layer1.0.downsample.bn.running_var, res2.0.shortcut.bn.runningVar",
        "MMACTION2, backbone.layer2.3.non_local_block.g.0.conv.bias, res3.3.nonlocal.g.bias",
        "MMACTION2, backbone.layer2.3.non_local_block.theta.conv.weight, res3.3.nonlocal.theta.weight",
        "MMACTION2, backbone.layer3.1.non_local_block.conv_out.bn.bias, res4.1.nonlocal.bn.beta",
        "MMACTION2, backbone.layer3.1.non_local_block.concat_project.conv.weight, res4.1.nonlocal.concat.weight",
        "MMACTION2, cls_head.fc_cls.weight, head.fc.weight",
        "TORCHVISION, conv1.weight, stem.conv.weight",
        "TORCHVISION, bn1.running_var, stem.bn.runningVar",
        "TORCHVISION, layer1.0.conv1.weight, res2.0.a.conv.weight",
        "TORCHVISION, layer3.22.conv2.weight, res4.22.b.conv.weight",
        "TORCHVISION, layer4.2.bn3.bias, res5.2.c.bn.beta",
        "TORCHVISION, layer2.0.downsample.0.weight, res3.0.shortcut.conv.weight",
        "TORCHVISION, layer2.0.downsample.1.running_mean, res3.0.shortcut.bn.runningMean",
        "TORCHVISION, module.fc.bias, head.fc.bias",
    })
    void mapsPublishedNames(SourceLayout layout, String name, String expected) {
        assertEquals(expected, layout.networkName(name));
    }

    @ParameterizedTest
    @CsvSource({
        "CAFFE2, conv1_w_momentum",
        "CAFFE2, res2_0_branch2a_bn_s_momentum",
        "CAFFE2, nonlocal_conv3_1_theta_w_momentum",
        "CAFFE2, model_iter",
        "PYSLOWFAST, s1.pathway0_stem.bn.num_batches_tracked",
        "MMACTION2, backbone.layer1.0.conv1.bn.num_batches_tracked",
        "TORCHVISION, layer1.0.bn1.num_batches_tracked",
        "TORCHVISION, bn1.num_batches_tracked",
    })
    void leavesNonParametersUnmapped(SourceLayout layout, String name) {
        assertNull(layout.networkName(name));
    }

    @Test
    void detectsTorchLayoutsFromNames() throws Exception {
        assertEquals(SourceLayout.PYSLOWFAST, SourceLayout.detectTorch(List.of("s1.pathway0_stem.conv.weight")));
        assertEquals(SourceLayout.MMACTION2, SourceLayout.detectTorch(List.of("module.backbone.conv1.conv.weight")));
        assertEquals(SourceLayout.TORCHVISION, SourceLayout.detectTorch(List.of("conv1.weight", "bn1.weight")));
        assertThrows(CheckpointFormatException.class, () -> SourceLayout.detectTorch(List.of("features.0.weight")));
    }
}
