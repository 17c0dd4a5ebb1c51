# Writes the real checkpoint files the Java readers are tested on (run from this folder with
# Debian's python3-torch and python3-numpy: /usr/bin/python3 make_torch_fixtures.py).
# Made with torch 1.13, numpy 1.24, Python 3.11 (pickle protocol 2 inside torch.save).
#
# 1. Reader fixtures: torch.save in the zip format and the legacy format
#    (_use_new_zipfile_serialization=False), laid out as PySlowFast and mmaction2 checkpoints; values
#    are closed forms so that the Java tests compute them independently.
# 2. (numpy-1 Caffe2 pickles: make_numpy_pickles.py, run with this numpy 1.24, wrote
#    caffe2_numpy1_protocol{2,5}.pkl beside its numpy-2 files.)
# 3. A tiny 2D ImageNet ResNet (torchvision's Bottleneck layout, widths 4..128, one block per
#    stage), as a torchvision state dict (.pth) and as a Caffe2 blobs pickle (.pkl), with one frame
#    and the 2D network's layer4 output on it, computed here by torch: the reference the inflated
#    3D network must reproduce on a clip of identical frames.
# 4. Hostile pickles: a REDUCE of os.system (also inside a torch zip), deep nesting.
import collections
import os
import pickle

import numpy as np
import torch
import torch.nn.functional as F


def arange(shape, scale=0.5, shift=-3.0, dtype=torch.float32):
    n = int(np.prod(shape))
    return (torch.arange(n, dtype=torch.float64) * scale + shift).reshape(shape).to(dtype)


# ---- 1. reader fixtures


def reader_state(prefix):
    base = torch.arange(20, dtype=torch.float32)
    state = collections.OrderedDict()
    state[prefix + 'conv.weight'] = torch.nn.Parameter(arange((4, 3, 1, 3, 3)))
    state[prefix + 'bn.running_mean'] = arange((4,), 0.25, 1.0, torch.float64)
    state[prefix + 'bn.weight'] = arange((4,), 0.5, -1.0, torch.float16)
    state[prefix + 'bn.bias'] = arange((4,), 0.125, 0.0, torch.bfloat16)
    state[prefix + 'bn.num_batches_tracked'] = torch.tensor(1234, dtype=torch.int64)
    # a transposed view: element (i, j) = 2 + i + 3 j of base, stored as base's storage
    state[prefix + 'transposed'] = base[2:14].reshape(4, 3).t()
    # a slice of the same storage at offset 16
    state[prefix + 'slice'] = base[16:20].reshape(2, 2)
    return state


def save(obj, name, legacy):
    torch.save(obj, name, _use_new_zipfile_serialization=not legacy)


for legacy in (False, True):
    kind = 'legacy' if legacy else 'zip'
    model = torch.nn.Linear(2, 2)
    sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.ones(1, 2)).sum().backward()
    sgd.step()
    save({'epoch': 196, 'model_state': reader_state('s1.pathway0_stem.'),
          'optimizer_state': sgd.state_dict(), 'cfg': 'TRAIN:\n  ENABLE: True\n'},
         'pyslowfast_%s.pyth' % kind, legacy)
    save({'meta': {'epoch': 3, 'mmaction2_version': '1.2.0', 'best_score': np.float64(0.5),
                   'hist': np.arange(3, dtype=np.int32)},
          'state_dict': reader_state('module.backbone.conv1.'), 'optimizer': sgd.state_dict()},
         'mmaction2_%s.pth' % kind, legacy)

# ---- 3. a tiny 2D ImageNet ResNet, torchvision layout and Caffe2 names

torch.manual_seed(13)
BASE = 4
state = collections.OrderedDict()
c2 = collections.OrderedDict()


def conv(tv, c2name, cout, cin, k):
    w = torch.randn(cout, cin, k, k) * (2.0 / (cin * k * k)) ** 0.5
    state[tv] = w
    c2[c2name] = w.numpy()


def bn(tv, c2name, c):
    values = {'weight': 1 + 0.2 * torch.randn(c), 'bias': 0.1 * torch.randn(c),
              'running_mean': 0.1 * torch.randn(c), 'running_var': 0.5 + torch.rand(c)}
    for k, v in values.items():
        state[tv + '.' + k] = v
    state[tv + '.num_batches_tracked'] = torch.tensor(100)
    for c2k, k in (('s', 'weight'), ('b', 'bias'), ('rm', 'running_mean'), ('riv', 'running_var')):
        c2[c2name + '_bn_' + c2k] = values[k].numpy()


conv('conv1.weight', 'conv1_w', BASE, 3, 7)
bn('bn1', 'res_conv1', BASE)
inplanes = BASE
for layer in range(1, 5):
    planes = BASE << (layer - 1)
    p = 'layer%d.0.' % layer
    c = 'res%d_0_branch' % (layer + 1)
    conv(p + 'conv1.weight', c + '2a_w', planes, inplanes, 1)
    bn(p + 'bn1', c + '2a', planes)
    conv(p + 'conv2.weight', c + '2b_w', planes, planes, 3)
    bn(p + 'bn2', c + '2b', planes)
    conv(p + 'conv3.weight', c + '2c_w', planes * 4, planes, 1)
    bn(p + 'bn3', c + '2c', planes * 4)
    conv(p + 'downsample.0.weight', c + '1_w', planes * 4, inplanes, 1)
    bn(p + 'downsample.1', c + '1', planes * 4)
    inplanes = planes * 4
state['fc.weight'] = 0.01 * torch.randn(10, inplanes)
state['fc.bias'] = torch.zeros(10)
c2['pred_w'] = state['fc.weight'].numpy()
c2['pred_b'] = state['fc.bias'].numpy()
torch.save(state, 'imagenet_tiny_torchvision.pth')
with open('imagenet_tiny_caffe2.pkl', 'wb') as f:
    pickle.dump({'blobs': {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in c2.items()}}, f, protocol=2)


def batch_norm(x, prefix):
    return F.batch_norm(x, state[prefix + '.running_mean'], state[prefix + '.running_var'],
                        state[prefix + '.weight'], state[prefix + '.bias'], False, 0.0, 1e-5)


def resnet2d_layer4(x):
    """torchvision's ResNet forward up to layer4 (Bottleneck v1.5: the stride on the 3x3)."""
    x = F.relu(batch_norm(F.conv2d(x, state['conv1.weight'], stride=2, padding=3), 'bn1'))
    x = F.max_pool2d(x, 3, stride=2, padding=1)
    for layer in range(1, 5):
        p = 'layer%d.0.' % layer
        stride = 1 if layer == 1 else 2
        y = F.relu(batch_norm(F.conv2d(x, state[p + 'conv1.weight']), p + 'bn1'))
        y = F.relu(batch_norm(F.conv2d(y, state[p + 'conv2.weight'], stride=stride, padding=1), p + 'bn2'))
        y = batch_norm(F.conv2d(y, state[p + 'conv3.weight']), p + 'bn3')
        shortcut = batch_norm(F.conv2d(x, state[p + 'downsample.0.weight'], stride=stride), p + 'downsample.1')
        x = F.relu(y + shortcut)
    return x


frame = torch.randn(1, 3, 64, 64)
with torch.no_grad():
    layer4 = resnet2d_layer4(frame)
np.save('imagenet_tiny_frame.npy', frame.numpy())
np.save('imagenet_tiny_layer4.npy', layer4.numpy())

# ---- 4. hostile pickles


class RunsACommand:
    def __reduce__(self):
        return (os.system, ('touch /tmp/nlvideo-hostile-pickle-ran',))


with open('hostile_os_system.pkl', 'wb') as f:
    pickle.dump({'blobs': RunsACommand()}, f, protocol=2)
torch.save({'state_dict': RunsACommand()}, 'hostile_os_system.pth')

# a dict whose key is a tuple nested 100,000 deep (EMPTY_TUPLE then TUPLE1 100,000 times): loading
# it needs no recursion, but hashing the key does (pickle.dumps itself could not write it)
with open('hostile_deep_nesting.pkl', 'wb') as f:
    f.write(b'\x80\x02}' + b')' + b'\x85' * 100000 + b'K\x01s.')
