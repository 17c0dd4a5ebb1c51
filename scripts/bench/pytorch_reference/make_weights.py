"""Seeded random weights for NL-I3D R50 8x8, written as a Caffe2 pickle that nlvideo and the PyTorch
reference both load (no pretrained weights can be downloaded here).

Untrained weights make useless scores unless their scale is controlled, so they are drawn in three
steps, all from one seed:
  1. He-normal convolutions (fan out, as PySlowFast's c2_msra_fill), BN scale in [0.5, 1.5] and
     shift N(0, 0.1): every non-local block and every residual branch contributes (a zero-initialised
     final BN, as for training, would make them identities and leave them untested).
  2. BN running statistics measured on calibration clips (cumulative average in train mode), so each
     BN normalises what reaches it: activations keep unit scale through the 50 layers, as in a
     trained network, instead of growing by orders of magnitude. In the same passes, theta and phi
     of each non-local block are scaled so that its attention logits have a standard deviation of
     ATTENTION_STD (1.5) on those clips: random embeddings give logits with standard deviations of
     20 to 100, a softmax so close to one-hot that float rounding flips it, and two correct
     implementations would then disagree by 1e-2 on scores.
  3. The classifier drawn N(0, 1) with the calibration clips' mean feature direction projected out
     of every row (a random network's features share one dominant direction, whose length varies
     from video to video: left in, it gives every video the same top-1), bias 0, and scaled so that
     the logits' standard deviation over the calibration clips is LOGIT_STD (2). On the benchmark's
     videos that gives logits with a standard deviation of about 4, top-1 probabilities from a few
     percent to 0.98 and top-1 classes that differ between videos, so that top-1 and a 1e-3
     tolerance on scores are meaningful checks.

The calibration clips (calibration_clips) are synthetic but as varied as the benchmark's videos, so
that real videos' features fall within their spread, at the test size 8 x 224 x 224.
"""

import argparse

import torch
from torch import nn

import caffe2_pickle
import video
from nl_i3d import NLI3D, NonLocal

LOGIT_STD = 2.0
ATTENTION_STD = 1.5
CALIBRATION_ROUNDS = 3


def calibration_clips(frames=8, size=224):
    """Six clips as different as videos are: smooth noise at two scales, bright squares moving over
    black, sparse coloured dots, moving colour bars, a flickering flat grey; as 0-255 pixel values
    normalised with the grey mean and std of the weights' source."""
    t = torch.arange(frames).view(1, frames, 1, 1).float()
    y = torch.arange(size).view(1, 1, size, 1).float()
    x = torch.arange(size).view(1, 1, 1, size).float()

    def smooth(scale):
        coarse = torch.rand(1, 3, frames, size // scale, size // scale)
        return 255 * nn.functional.interpolate(coarse, size=(frames, size, size), mode="trilinear")[0]

    squares = torch.zeros(3, frames, size, size)
    for k in range(3):
        top, left, side = torch.randint(0, size // 2, (3,)).tolist()
        for f in range(frames):
            shift = left + 8 * f * (k + 1)
            squares[:, f, top : top + side // 2 + 16, shift : shift + side // 2 + 16] = 255
    dots = (torch.rand(3, frames, size, size) < 0.05).float() * 255 * torch.rand(3, 1, 1, 1)
    bars = 127.5 * (1 + torch.sin((x + 6 * t) / 9 + torch.arange(3).view(3, 1, 1, 1) * 2.1)) + 0 * y
    flicker = (100 + 40 * torch.sin(t)).expand(3, frames, size, size)
    clips = torch.stack([smooth(4), smooth(32), squares, dots, bars.expand(3, frames, size, size), flicker])
    return (clips - video.GREY_MEAN) / video.GREY_STD


def calibrate_batch_norms(model, clips):
    """Sets every BN's running statistics to those of what reaches it on the clips."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm3d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average: after one batch, exactly its statistics
    model.train()
    model.features(clips)
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm3d):
            m.momentum = 0.1


def calibrate_attention(model, clips):
    """Scales theta and phi of each non-local block so that its attention logits' std is ATTENTION_STD."""
    inputs = {}
    blocks = [m for m in model.modules() if isinstance(m, NonLocal)]
    hooks = [b.register_forward_pre_hook(lambda block, args: inputs.update({block: args[0]})) for b in blocks]
    model.features(clips)
    for hook in hooks:
        hook.remove()
    for block in blocks:
        factor = (ATTENTION_STD / block.affinity(inputs[block]).std()).sqrt()
        for conv in (block.theta, block.phi):
            conv.weight.mul_(factor)
            conv.bias.mul_(factor)


def draw(seed, num_classes=400):
    torch.manual_seed(seed)
    model = NLI3D(num_classes)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv3d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if m.bias is not None:
                    m.bias.normal_(0, 0.1)
            elif isinstance(m, nn.BatchNorm3d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)

        clips = calibration_clips()
        for _ in range(CALIBRATION_ROUNDS):  # each round changes what the next layers see
            calibrate_batch_norms(model, clips)
            calibrate_attention(model, clips)
        calibrate_batch_norms(model, clips)

        pooled = model.features(clips).mean(dim=(2, 3, 4))  # (clips, 2048)
        common = pooled.mean(dim=0)
        common /= common.norm()
        fc = model.head.projection
        fc.weight.normal_(0, 1)
        fc.weight.sub_(torch.outer(fc.weight @ common, common))
        fc.weight.mul_(LOGIT_STD / (pooled @ fc.weight.t()).std())
        fc.bias.zero_()
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--output", required=True, help="the Caffe2 pickle to write (.pkl)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    caffe2_pickle.save(draw(args.seed, args.classes), args.output)
    print("wrote seeded NL-I3D R50 weights (seed %d) to %s" % (args.seed, args.output))


if __name__ == "__main__":
    main()
