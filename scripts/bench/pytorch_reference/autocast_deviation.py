"""How far PyTorch's own bf16 autocast moves NL-I3D R50's outputs from float32: the reference for
nlvideo's --precision bf16 in scripts/bench/precision.sh. Same protocol as nlvideo's bf16: the
backbone under torch.autocast("cpu", torch.bfloat16), pool5 and the head in float32; one clip x
one centre crop per video. Prints one line per video and a summary line.
"""

import argparse
import os

import av
import torch

import caffe2_pickle
import video
from nl_i3d import NLI3D


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--videos", required=True, help="a text file with one video path per line")
    parser.add_argument("--weights", required=True, help="a Caffe2 pickle ({'blobs': ...})")
    args = parser.parse_args()
    torch.set_num_threads(2)
    model = caffe2_pickle.load(NLI3D(), args.weights).eval()
    with open(args.videos) as f:
        paths = [line.strip() for line in f if line.strip()]
    worst_pool5, worst_score, same, measured = 0.0, 0.0, 0, 0
    for path in paths:
        try:
            sampled = video.sampled_frames(path, 1, 8, 8, 256)
            clip = torch.stack(video.views(sampled.frames, sampled.windows, 1, 224))
        except (av.AVError, ValueError):
            continue
        with torch.inference_mode():
            res5 = {"fp32": model.features(clip)}
            with torch.autocast("cpu", dtype=torch.bfloat16):
                res5["bf16"] = model.features(clip).float()
            pool5 = {k: v.mean(dim=(2, 3, 4)) for k, v in res5.items()}
            scores = {k: model.head(v)[0] for k, v in res5.items()}
        pool5_deviation = float((pool5["fp32"] - pool5["bf16"]).norm() / pool5["fp32"].norm())
        score_deviation = float((scores["fp32"] - scores["bf16"]).abs().max())
        top1 = {k: int(v.argmax()) for k, v in scores.items()}
        print(
            "  %-24s fp32 top-1 %4d, bf16 top-1 %4d, max |dscore| %.2e, pool5 |d|/|f| %.4f"
            % (os.path.basename(path), top1["fp32"], top1["bf16"], score_deviation, pool5_deviation)
        )
        worst_pool5, worst_score = max(worst_pool5, pool5_deviation), max(worst_score, score_deviation)
        same += top1["fp32"] == top1["bf16"]
        measured += 1
    print(
        "pytorch %s autocast bf16: largest score deviation %.2e over %d videos, same top-1 on %d,"
        " pool5 relative deviation up to %.4f" % (torch.__version__, worst_score, measured, same, worst_pool5)
    )


if __name__ == "__main__":
    main()
