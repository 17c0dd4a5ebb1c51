"""Video decoding and the test protocol for the PyTorch reference: PyAV decoding, PySlowFast's test
sampling, the short-side resize, crops and normalisation.

Decoding as PySlowFast's decoder.py does for testing (pyav_decode with the whole video): every
frame of the first video stream is decoded, and the clip indices are taken in that list of
decoded frames. Only the sampled frames are converted to RGB, and the resize to the short side is
done in the same call by libswscale (bilinear), as nlvideo has FFmpeg do it; PySlowFast resizes
float frames with torch.nn.functional.interpolate instead, which gives slightly different pixels.

Where this module and nlvideo differ on purpose or by necessity (reported by compare.py):
  * PyAV 10 exposes no display matrix, so rotated videos are not turned upright (nlvideo turns
    them as players do).
  * nlvideo indexes frames on the displayed timeline at the average frame rate, and counts frames
    from the container header (or duration x fps); PySlowFast indexes decoded frames. They agree on
    constant-rate videos whose header count is exact, not on variable-rate ones.
  * Non-square pixels: nlvideo scales a stream with a sample aspect ratio other than 1:1 to its
    display shape, as players do; this module, like PySlowFast, keeps the stored pixels.
  * Crops are PySlowFast's uniform_crop: centred at ceil((D - size) / 2), the side crops at 0 and
    D - size along the longer side (nlvideo's Crop for presets with sampling: pyslowfast).
"""

from collections import namedtuple

import av
import numpy as np
import torch

GREY_MEAN = 114.75  # the Caffe2 / PySlowFast NL-I3D weights: 0.45 and 0.225 of 255, every channel
GREY_STD = 57.375
TARGET_FPS = 30  # PySlowFast's DATA.TARGET_FPS: the stride counts frames of a 30 fps timeline

Sampled = namedtuple("Sampled", "windows frames decoded")  # clip windows, {index: RGB array}, frames decoded


def centre_offset(extent, size):
    """Offset of a centred crop: PySlowFast's math.ceil((extent - size) / 2)."""
    return (extent - size + 1) // 2


def decode(path):
    """Every decoded frame of the video's first video stream, in presentation order, and the
    stream's average frame rate (PySlowFast's pyav_decode: float(stream.average_rate))."""
    with av.open(str(path)) as container:
        if not container.streams.video:
            raise ValueError("no video stream")
        stream = container.streams.video[0]
        fps = float(stream.average_rate) if stream.average_rate else TARGET_FPS
        frames = list(container.decode(video=0))
    if not frames:
        raise ValueError("no decodable frame")
    return frames, fps


def clip_indices(num_frames, clips, frames_per_clip, stride, fps=None):
    """PySlowFast's test sampling (decoder.py decode, get_start_end_idx and temporal_sampling): clip
    j of K spans T x s frames of DATA.TARGET_FPS (30), i.e. T x s x fps / 30 of the video's frames,
    starting at max(N - span, 0) x j / K, T indices spread evenly over it by torch.linspace,
    clamped to the video and truncated."""
    span = frames_per_clip * stride / TARGET_FPS * (fps or TARGET_FPS)
    delta = max(num_frames - span, 0)
    out = []
    for j in range(clips):
        start = delta * j / clips
        index = torch.linspace(start, start + span - 1, frames_per_clip)
        out.append(torch.clamp(index, 0, num_frames - 1).long().tolist())
    return out


def scaled_size(width, height, short_side):
    """(width, height) with the short side at short_side and the aspect ratio kept, rounded."""
    if width <= height:
        return short_side, int(round(height * short_side / width))
    return int(round(width * short_side / height)), short_side


def rgb(frame, short_side):
    """One decoded frame as an H x W x 3 uint8 RGB array, scaled by libswscale (bilinear)."""
    width, height = scaled_size(frame.width, frame.height, short_side)
    return frame.reformat(width=width, height=height, format="rgb24", interpolation="BILINEAR").to_ndarray()


def crop_boxes(height, width, size, crops):
    """(y, x) of each crop: 1 = the centre, 3 = start, centre and end of the long side (PySlowFast's
    uniform_crop with spatial_idx 0, 1, 2)."""
    if size > min(height, width):
        raise ValueError("crop %dx%d does not fit in a %dx%d frame" % (size, size, width, height))
    y, x = centre_offset(height, size), centre_offset(width, size)
    if crops == 1:
        return [(y, x)]
    if width >= height:
        return [(y, 0), (y, x), (y, width - size)]
    return [(0, x), (y, x), (height - size, x)]


def views(frames, windows, crops, crop_size):
    """The network inputs of one video: for each clip window, each crop, a normalised float32
    tensor (3, T, size, size). frames maps a frame index to its RGB array."""
    out = []
    for window in windows:
        clip = np.stack([frames[i] for i in window])  # T x H x W x 3
        for y, x in crop_boxes(clip.shape[1], clip.shape[2], crop_size, crops):
            patch = torch.from_numpy(clip[:, y : y + crop_size, x : x + crop_size, :])
            patch = (patch.float() - GREY_MEAN) / GREY_STD
            out.append(patch.permute(3, 0, 1, 2).contiguous())
    return out


def sampled_frames(path, clips, frames_per_clip, stride, short_side):
    """Decodes a video and converts the frames its clips sample (a Sampled)."""
    decoded, fps = decode(path)
    windows = clip_indices(len(decoded), clips, frames_per_clip, stride, fps)
    needed = sorted({i for w in windows for i in w})
    return Sampled(windows, {i: rgb(decoded[i], short_side) for i in needed}, len(decoded))

