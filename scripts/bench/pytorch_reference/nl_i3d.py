"""NL-I3D ResNet-50 in PyTorch, as PySlowFast builds its I3D_NLN_8x8_R50 (the network that loads the
paper's Caffe2 8x8 weights): Wang, Girshick, Gupta, He, "Non-local Neural Networks", CVPR 2018.

Benchmark-only reference for scripts/bench/vs-pytorch.sh, written from the paper and PySlowFast's
models/ (stem_helper.py, resnet_helper.py, nonlocal_helper.py, head_helper.py) the way a PyTorch
user would write it: standard nn.Conv3d / nn.BatchNorm3d modules, eval mode, no fusion.

    clip (N, 3, 8, H, W)
    stem   conv 5x7x7 stride (1,2,2) + BN + ReLU + max pool 1x3x3 stride (1,2,2) pad (0,1,1)
    res2   3 bottlenecks, temporal kernel 3 on conv a in every block
    pool   temporal max pool 2x1x1 stride 2
    res3   4 bottlenecks (kernel 3 on blocks 0, 2), non-local after blocks 1 and 3
    res4   6 bottlenecks (kernel 3 on blocks 0, 2, 4), non-local after blocks 1, 3 and 5
    res5   3 bottlenecks (kernel 3 on block 1)
    head   test-time fully convolutional: avg pool 4x7x7 stride 1, FC at every position,
           softmax per position, mean over positions -> (N, classes) probabilities
"""

import torch
from torch import nn

STAGE_BLOCKS = (3, 4, 6, 3)
NONLOCAL_AFTER = ((), (1, 3), (1, 3, 5), ())
BN_EPS = 1e-5


def temporal_kernel(stage, block):
    """PySlowFast's I3D kernels [[3], [3, 1], [3, 1], [1, 3]] for res2..res5, cycled over blocks."""
    pattern = ((3,), (3, 1), (3, 1), (1, 3))[stage]
    return pattern[block % len(pattern)]


class Stem(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.conv = nn.Conv3d(3, width, (5, 7, 7), stride=(1, 2, 2), padding=(2, 3, 3), bias=False)
        self.bn = nn.BatchNorm3d(width, eps=BN_EPS)
        self.relu = nn.ReLU(inplace=True)
        self.pool = nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))

    def forward(self, x):
        return self.pool(self.relu(self.bn(self.conv(x))))


class Bottleneck(nn.Module):
    """a: kt x 1 x 1, b: 1 x 3 x 3 with the spatial stride, c: 1 x 1 x 1; ReLU(c + shortcut)."""

    def __init__(self, dim_in, dim_inner, dim_out, kt, stride):
        super().__init__()
        self.a = nn.Conv3d(dim_in, dim_inner, (kt, 1, 1), padding=(kt // 2, 0, 0), bias=False)
        self.a_bn = nn.BatchNorm3d(dim_inner, eps=BN_EPS)
        self.b = nn.Conv3d(dim_inner, dim_inner, (1, 3, 3), stride=(1, stride, stride), padding=(0, 1, 1), bias=False)
        self.b_bn = nn.BatchNorm3d(dim_inner, eps=BN_EPS)
        self.c = nn.Conv3d(dim_inner, dim_out, 1, bias=False)
        self.c_bn = nn.BatchNorm3d(dim_out, eps=BN_EPS)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = None
        if dim_in != dim_out or stride != 1:
            self.shortcut = nn.Conv3d(dim_in, dim_out, 1, stride=(1, stride, stride), bias=False)
            self.shortcut_bn = nn.BatchNorm3d(dim_out, eps=BN_EPS)

    def forward(self, x):
        y = self.relu(self.a_bn(self.a(x)))
        y = self.relu(self.b_bn(self.b(y)))
        y = self.c_bn(self.c(y))
        identity = x if self.shortcut is None else self.shortcut_bn(self.shortcut(x))
        return self.relu(y + identity)


class NonLocal(nn.Module):
    """Embedded Gaussian non-local block (paper eq. 1 and 3): z = x + BN(W_z y), with
    y_i = sum_j softmax_j(theta(x_i) . phi(x_j) / sqrt(d)) g(x_j); keys and values from x max
    pooled 1x2x2 (PySlowFast pools before phi and g)."""

    def __init__(self, dim, dim_inner):
        super().__init__()
        self.dim_inner = dim_inner
        self.theta = nn.Conv3d(dim, dim_inner, 1)
        self.phi = nn.Conv3d(dim, dim_inner, 1)
        self.g = nn.Conv3d(dim, dim_inner, 1)
        self.pool = nn.MaxPool3d((1, 2, 2), stride=(1, 2, 2))
        self.out = nn.Conv3d(dim_inner, dim, 1)
        self.bn = nn.BatchNorm3d(dim, eps=BN_EPS)

    def affinity(self, x):
        """theta(x_i) . phi(x_j) / sqrt(d) for every query i and pooled key j: (N, THW, THW/4)."""
        n = x.shape[0]
        theta = self.theta(x).view(n, self.dim_inner, -1)
        phi = self.phi(self.pool(x)).view(n, self.dim_inner, -1)
        return torch.einsum("nct,ncp->ntp", theta, phi) * self.dim_inner**-0.5

    def forward(self, x):
        n, _, t, h, w = x.shape
        attention = self.affinity(x).softmax(dim=2)
        g = self.g(self.pool(x)).view(n, self.dim_inner, -1)
        y = torch.einsum("ntp,ncp->nct", attention, g).view(n, self.dim_inner, t, h, w)
        return x + self.bn(self.out(y))


class ResStage(nn.Sequential):
    """Bottlenecks of one stage (res2..res5), each optionally followed by a non-local block."""

    def __init__(self, stage, dim_in):
        inner = 64 * 2**stage
        out = 4 * inner
        layers = []
        for block in range(STAGE_BLOCKS[stage]):
            stride = 2 if block == 0 and stage > 0 else 1
            layers.append(Bottleneck(dim_in if block == 0 else out, inner, out, temporal_kernel(stage, block), stride))
            if block in NONLOCAL_AFTER[stage]:
                layers.append(NonLocal(out, out // 2))
        super().__init__(*layers)


class FullyConvolutionalHead(nn.Module):
    """PySlowFast's ResNetBasicHead at test time: probabilities, the mean of per-position softmax."""

    def __init__(self, dim, num_classes, pool=(4, 7, 7)):
        super().__init__()
        self.pool_kernel = pool
        self.projection = nn.Linear(dim, num_classes)

    def forward(self, x):
        kernel = [min(k, s) for k, s in zip(self.pool_kernel, x.shape[2:])]
        x = nn.functional.avg_pool3d(x, kernel, stride=1)
        x = self.projection(x.permute(0, 2, 3, 4, 1)).softmax(dim=4)
        return x.mean(dim=(1, 2, 3))


class NLI3D(nn.Module):
    def __init__(self, num_classes=400):
        super().__init__()
        self.stem = Stem()
        self.res2 = ResStage(0, 64)
        self.pool2 = nn.MaxPool3d((2, 1, 1), stride=(2, 1, 1))
        self.res3 = ResStage(1, 256)
        self.res4 = ResStage(2, 512)
        self.res5 = ResStage(3, 1024)
        self.head = FullyConvolutionalHead(2048, num_classes)

    def features(self, x):
        """The res5 map, (N, 2048, T/2, H/32, W/32)."""
        x = self.pool2(self.res2(self.stem(x)))
        return self.res5(self.res4(self.res3(x)))

    def forward(self, x):
        return self.head(self.features(x))
