"""Classifies videos with NL-I3D R50 8x8 in PyTorch: the reference pipeline that
scripts/bench/vs-pytorch.sh times against `nlvideo classify --model pyslowfast-i3d-nln-8x8-r50`.

For each video: decode with PyAV, take K clips of T frames at stride s (PySlowFast's test sampling),
scale to the short side, cut 1 or 3 crops per clip, normalise, run the network in batches of views
(eval mode, inference_mode) and average the views' probabilities. Writes one JSON line per video:
{"path", "status": "ok", "scores": [...], "top1", "views"} or {"path", "status": "error", "error"}.
"""

import argparse
import json
import sys
import time

import av
import torch

import caffe2_pickle
import video
from nl_i3d import NLI3D


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--videos", required=True, help="a text file with one video path per line")
    parser.add_argument("--weights", required=True, help="a Caffe2 pickle ({'blobs': ...})")
    parser.add_argument("--output", required=True, help="the JSON lines file to write")
    parser.add_argument("--clips", type=int, default=10)
    parser.add_argument("--crops", type=int, default=3, choices=(1, 3))
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--stride", type=int, default=8)
    parser.add_argument("--short-side", type=int, default=256)
    parser.add_argument("--crop-size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=4, help="views per forward pass")
    parser.add_argument("--threads", type=int, default=2, help="PyTorch intra-op threads")
    return parser.parse_args()


def mean_scores(model, views, batch_size):
    """The network's probabilities averaged over a video's views, run in batches of views."""
    batches = [model(torch.stack(views[b : b + batch_size])) for b in range(0, len(views), batch_size)]
    return torch.cat(batches).mean(dim=0)


def classify(model, path, args, clock):
    start = time.perf_counter()
    sampled = video.sampled_frames(path, args.clips, args.frames, args.stride, args.short_side)
    inputs = video.views(sampled.frames, sampled.windows, args.crops, args.crop_size)
    clock["decode"] += time.perf_counter() - start
    start = time.perf_counter()
    scores = mean_scores(model, inputs, args.batch_size)
    clock["forward"] += time.perf_counter() - start
    return {"status": "ok", "scores": scores.tolist(), "top1": int(scores.argmax()), "views": len(inputs)}


def main():
    args = arguments()
    torch.set_num_threads(args.threads)
    clock = {"load": 0.0, "decode": 0.0, "forward": 0.0}
    start = time.perf_counter()
    model = caffe2_pickle.load(NLI3D(), args.weights).eval()
    clock["load"] = time.perf_counter() - start
    with open(args.videos) as f:
        paths = [line.strip() for line in f if line.strip()]
    failed = 0
    with open(args.output, "w") as out, torch.inference_mode():
        for path in paths:
            try:
                row = classify(model, path, args, clock)
            except (av.AVError, ValueError) as e:
                row = {"status": "error", "error": "%s: %s" % (type(e).__name__, e)}
                failed += 1
            out.write(json.dumps(dict(path=path, **row)) + "\n")
    print(
        "pytorch: %d videos (%d failed), weights %.1f s, decode+transform %.1f s, forward %.1f s, %d threads"
        % (len(paths), failed, clock["load"], clock["decode"], clock["forward"], torch.get_num_threads()),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
