"""The paper's Caffe2 checkpoint format for nl_i3d.NLI3D: a pickle of {'blobs': {name: ndarray}}
under the blob names of facebookresearch/video-nonlocal-net (resnet_helper.py, nonlocal_helper.py),
the names PySlowFast's c2_model_loading.py and nlvideo's importer read:

    conv1_w, res_conv1_bn_{s,b,rm,riv}                   stem
    res{2..5}_{i}_branch2{a,b,c}_w, ..._bn_{s,b,rm,riv}  bottleneck i of a stage
    res{2..5}_0_branch1_w, res{2..5}_0_branch1_bn_*      projection shortcut
    nonlocal_conv{3,4}_{i}_{theta,phi,g,out}_{w,b}       non-local block after bottleneck i
    nonlocal_conv{3,4}_{i}_bn_{s,b,rm,riv}               its BN after W_z
    pred_w, pred_b                                       classifier

_riv holds the running variance (Caffe2's SpatialBN divides by sqrt(riv + eps)).
"""

import pickle

import numpy as np
import torch

from nl_i3d import Bottleneck, NonLocal

BN_SUFFIXES = {"weight": "s", "bias": "b", "running_mean": "rm", "running_var": "riv"}


def _conv(prefix, conv):
    names = {prefix + "_w": conv.weight}
    if conv.bias is not None:
        names[prefix + "_b"] = conv.bias
    return names


def _bn(prefix, bn):
    return {prefix + "_" + BN_SUFFIXES[k]: getattr(bn, k) for k in BN_SUFFIXES}


def blobs(model):
    """Every parameter and BN statistic of the model, under its Caffe2 blob name."""
    out = {}
    out.update(_conv("conv1", model.stem.conv))
    out.update(_bn("res_conv1_bn", model.stem.bn))
    for stage in range(2, 6):
        block = -1
        for layer in getattr(model, "res%d" % stage):
            if isinstance(layer, Bottleneck):
                block += 1
                prefix = "res%d_%d_branch" % (stage, block)
                for part in "abc":
                    out.update(_conv(prefix + "2" + part, getattr(layer, part)))
                    out.update(_bn(prefix + "2" + part + "_bn", getattr(layer, part + "_bn")))
                if layer.shortcut is not None:
                    out.update(_conv(prefix + "1", layer.shortcut))
                    out.update(_bn(prefix + "1_bn", layer.shortcut_bn))
            elif isinstance(layer, NonLocal):
                prefix = "nonlocal_conv%d_%d" % (stage, block)
                for part in ("theta", "phi", "g", "out"):
                    out.update(_conv(prefix + "_" + part, getattr(layer, part)))
                out.update(_bn(prefix + "_bn", layer.bn))
    out["pred_w"] = model.head.projection.weight
    out["pred_b"] = model.head.projection.bias
    return out


def save(model, path):
    """Writes the model as a Caffe2 pickle (float32 arrays; Python 3's default pickle protocol)."""
    arrays = {name: t.detach().cpu().numpy().astype(np.float32) for name, t in blobs(model).items()}
    with open(path, "wb") as f:
        pickle.dump({"blobs": arrays}, f)


def load(model, path):
    """Fills the model from a Caffe2 pickle; every blob of the model must be there, shapes equal."""
    with open(path, "rb") as f:
        saved = pickle.load(f, encoding="latin1")["blobs"]
    with torch.no_grad():
        for name, target in blobs(model).items():
            if name not in saved:
                raise KeyError("%s: no blob %s" % (path, name))
            value = torch.from_numpy(np.asarray(saved[name], dtype=np.float32))
            if value.squeeze().shape != target.squeeze().shape:
                raise ValueError("%s: blob %s has shape %s, the model needs %s"
                                 % (path, name, tuple(value.shape), tuple(target.shape)))
            target.copy_(value.reshape(target.shape))
    return model
