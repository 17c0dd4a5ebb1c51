"""Checks that nlvideo and the PyTorch reference computed the same thing, video by video.

Inputs: nlvideo's classify output (--format json --all-scores), the reference's JSON lines, and the
frames nlvideo fed its network (nlvideo.jobs.bench.FrameDump). For every video both classified:
  * decoding agrees when both sampled the same frame indices, at the same size, with the same
    pixels; then the end-to-end scores must agree: same top-1, every score within --tolerance;
  * otherwise the reason is reported (rotation, frame counting, frame size, pixels), and the network and
    transforms are checked on nlvideo's own frames instead: the reference's crops, normalisation
    and network on them must give nlvideo's scores within the tolerance.
Prints one row per video and a verdict; exits 1 when a check fails.
"""

import argparse
import glob
import json
import os
import sys

import numpy as np
import torch

import caffe2_pickle
import video
from classify import mean_scores
from nl_i3d import NLI3D


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nlvideo", required=True, help="classify's output folder (json, --all-scores)")
    parser.add_argument("--pytorch", required=True, help="classify.py's JSON lines")
    parser.add_argument("--frames", required=True, help="FrameDump's output folder")
    parser.add_argument("--weights", required=True)
    parser.add_argument("--clips", type=int, required=True)
    parser.add_argument("--crops", type=int, required=True)
    parser.add_argument("--frames-per-clip", type=int, default=8)
    parser.add_argument("--stride", type=int, default=8)
    parser.add_argument("--short-side", type=int, default=256)
    parser.add_argument("--crop-size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--tolerance", type=float, default=1e-3)
    return parser.parse_args()


def json_lines(pattern):
    rows = []
    for name in sorted(glob.glob(pattern)):
        with open(name) as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def nlvideo_frames(folder, entry):
    """nlvideo's decoded frames of one video: {index: H x W x 3 uint8}."""
    shape = (len(entry["indices"]), entry["height"], entry["width"], 3)
    data = np.fromfile(os.path.join(folder, entry["file"]), dtype=np.uint8).reshape(shape)
    return dict(zip(entry["indices"], data))


def decoding_differences(path, dumped, folder, args):
    """Why the reference's decoded frames differ from nlvideo's (empty when they are identical)."""
    mine = video.sampled_frames(path, args.clips, args.frames_per_clip, args.stride, args.short_side)
    reasons = []
    if dumped["rotation"]:
        reasons.append(
            "rotated %d degrees: nlvideo turns it upright, PyAV 10 exposes no display matrix" % dumped["rotation"]
        )
    if mine.windows != dumped["windows"]:
        counted = "estimated from duration x fps" if dumped["frame_count_estimated"] else "from the header"
        reasons.append(
            "frame indices differ: nlvideo counts %d frames (%s) on its timeline and decoded %d, PyAV decoded %d"
            % (dumped["frame_count"], counted, dumped["decoded"], mine.decoded)
        )
    if not reasons:
        size = next(iter(mine.frames.values())).shape[:2] if mine.frames else None
        if size is not None and size != (dumped["height"], dumped["width"]):
            reasons.append(
                "frame size differs: nlvideo %dx%d, PyAV %dx%d (nlvideo applies the stream's sample aspect"
                " ratio, as FFmpeg's players do; the reference keeps the stored pixels)"
                % (dumped["width"], dumped["height"], size[1], size[0])
            )
    if not reasons:
        theirs = nlvideo_frames(folder, dumped)
        worst = max(int(np.abs(mine.frames[i].astype(int) - theirs[i].astype(int)).max()) for i in theirs)
        if worst > 0:
            reasons.append(
                "pixels differ by up to %d levels (libswscale of FFmpeg 5.1 in PyAV, 8.0 in JavaCV)" % worst
            )
    return reasons


def scores_on_nlvideo_frames(model, folder, dumped, args):
    frames = nlvideo_frames(folder, dumped)
    inputs = video.views(frames, dumped["windows"], args.crops, args.crop_size)
    with torch.inference_mode():
        return mean_scores(model, inputs, args.batch_size).numpy()


def main():
    args = arguments()
    torch.set_num_threads(2)
    predicted = {r["path"]: r for r in json_lines(os.path.join(args.nlvideo, "predictions.json"))}
    rejected = {r["path"]: r for r in json_lines(os.path.join(args.nlvideo, "errors.json"))}
    dumped = {r["path"]: r for r in json_lines(os.path.join(args.frames, "frames.jsonl"))}
    reference = json_lines(args.pytorch)
    model = None
    failures, end_to_end, on_frames, both_rejected, status_differs = [], [], [], [], []
    header = ("video", "nlvideo", "pytorch", "decoding", "max|dscore|", "top-1", "check")
    print("%-24s %-12s %-12s %-10s %-12s %-6s %s" % header)
    for row in reference:
        path = row["path"]
        name = os.path.basename(path)
        nl = predicted.get(path)
        nl_status = "ok" if nl else rejected.get(path, {}).get("error_kind", "missing")
        py_status = row["status"]
        if nl is None or py_status != "ok":
            if nl is None and py_status != "ok":
                both_rejected.append(name)
            else:
                status_differs.append(name)
            print("%-24s %-12s %-12s" % (name, nl_status, py_status))
            continue
        nl_scores = np.asarray(nl["scores"], dtype=np.float64)
        if "error" in dumped.get(path, {"error": "not dumped"}):
            failures.append(name)
            print("%-24s FrameDump has no frames: %s" % (name, dumped.get(path, {}).get("error", "not dumped")))
            continue
        reasons = decoding_differences(path, dumped[path], args.frames, args)
        if not reasons:
            theirs, kind = np.asarray(row["scores"], dtype=np.float64), "end-to-end"
            end_to_end.append(name)
        else:
            if model is None:
                model = caffe2_pickle.load(NLI3D(), args.weights).eval()
            theirs, kind = scores_on_nlvideo_frames(model, args.frames, dumped[path], args), "on nlvideo's frames"
            on_frames.append(name)
        difference = float(np.abs(nl_scores - theirs).max())
        same_top1 = int(nl_scores.argmax()) == int(theirs.argmax())
        passed = same_top1 and difference <= args.tolerance
        if not passed:
            failures.append(name)
        print(
            "%-24s %-12s %-12s %-10s %-12.2e %-6s %s %s"
            % (name, "ok", "ok", "same" if not reasons else "differs", difference, "same" if same_top1 else "DIFF",
               "ok" if passed else "FAILED", kind)
        )
        for reason in reasons:
            print("%24s   decoding: %s" % ("", reason))
    print(
        "check: %s: %d videos agree end-to-end, %d checked on nlvideo's frames (decoding differs), "
        "%d rejected by both, %d accepted by one only%s (tolerance %g, same top-1)"
        % ("FAILED" if failures else "passed", len(end_to_end), len(on_frames), len(both_rejected), len(status_differs),
           (": " + ", ".join(status_differs)) if status_differs else "", args.tolerance)
    )
    if failures:
        print("check failed for: " + ", ".join(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
