"""Where the converter's time goes, measured inside the img2vid image (bench/convert.bench.ts
mounts this folder at /bench and a folder of JPEG frames at /input, and runs it as the
image's user). Each part is a command run in a fresh process, all of them interleaved
(round after round, the order rotated), so the machine's load falls on all alike; the
medians of wall and CPU time (the children's user + system) are printed as one JSON line.

    python3 /bench/breakdown.py ROUNDS FPS

The parts: Python's start; the converter's module import; Pillow with the five formats'
plugins; identifying every file (read, Pillow, whole-check), timed in-process per frame;
ffmpeg's own start; bare ffmpeg on the glob (the reference) and the same with one change
each: frames through a pipe (cat | image2pipe), the converter's filter graph at the
video's size, its output flags (colour tags, +faststart), its progress lines; ffmpeg
reading the files itself through symbolic links (image2) and through a concat list, the
two ways of not piping; and the converter itself.
"""
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import time

rounds, fps = int(sys.argv[1]), sys.argv[2]
os.chdir("/input")
files = sorted(glob.glob("*.jpg"))
sys.path.insert(0, "/app")
work = "/tmp/breakdown"
os.makedirs(f"{work}/links", exist_ok=True)
for i, name in enumerate(files):
    os.symlink(f"/input/{name}", f"{work}/links/{i:06d}.jpg")
with open(f"{work}/list.txt", "w") as f:
    for name in files:
        f.write(f"file '/input/{name}'\nduration {1 / int(fps)}\n")

import img2vid  # noqa: E402 - the image's converter, for its filter graph and identification

first = img2vid.identify(files[0], open(files[0], "rb").read())
width, height = first.width, first.height
even_w, even_h = width + width % 2, height + height % 2
FILTER = img2vid._filter(even_w, even_h, width, height)

QUIET = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
GLOB = ["-framerate", fps, "-pattern_type", "glob", "-i", "*.jpg"]
X264 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
FLAGS = img2vid.COLOUR_TAGS + ["-movflags", "+faststart"]
OUT = f"{work}/out.mp4"


def shell(line: str) -> list:
    return ["sh", "-c", line]


PARTS = {
    "python": ["python3", "-c", "pass"],
    "converter import": ["python3", "-c", "import sys; sys.path.insert(0, '/app'); import img2vid"],
    "Pillow import": ["python3", "-c", "import sys; sys.path.insert(0, '/app'); import img2vid; img2vid._pillow()"],
    "identify every file": [
        "python3", "-c",
        "import sys, time, json; sys.path.insert(0, '/app'); import img2vid; img2vid._pillow(); names = img2vid.list_images('.'); "
        "t = time.process_time(); [img2vid.prepare('.', n, 'jpeg') for n in names]; "
        "print(json.dumps({'per_frame_us': (time.process_time() - t) / len(names) * 1e6}))",
    ],
    "ffmpeg start": ["ffmpeg", "-hide_banner", "-version"],
    "bare": QUIET + GLOB + X264 + [OUT],
    "bare, frames through a pipe": shell("cat /input/*.jpg | " + " ".join(QUIET + ["-f", "image2pipe", "-framerate", fps, "-c:v", "mjpeg", "-i", "pipe:0"] + X264 + [OUT])),
    "bare + the filter graph": QUIET + GLOB + ["-vf", FILTER] + X264 + [OUT],
    "bare + output flags": QUIET + GLOB + X264 + FLAGS + [OUT],
    "bare + progress lines": QUIET + GLOB + ["-progress", "pipe:1", "-stats_period", "0.2"] + X264 + [OUT],
    "links into image2": QUIET + ["-framerate", fps, "-f", "image2", "-c:v", "mjpeg", "-i", f"{work}/links/%06d.jpg", "-vf", FILTER] + X264 + FLAGS + [OUT],
    "concat list": QUIET + ["-f", "concat", "-safe", "0", "-i", f"{work}/list.txt", "-vf", FILTER, "-r", fps] + X264 + FLAGS + [OUT],
    "converter": ["python3", "-m", "img2vid", "--fps", fps, "--", ".", OUT],
}
os.environ["OUTPUT_DIR"] = "/"
os.environ["INPUT_DIR"] = "/input"

names = list(PARTS)
samples = {n: {"wall": [], "cpu": [], "extra": []} for n in names}
for r in range(-1, rounds):  # round -1 warms the page cache and is not recorded
    order = names[r % len(names):] + names[: r % len(names)] if r >= 0 else names
    for name in order:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        run = subprocess.run(PARTS[name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run.returncode != 0:
            sys.exit(f"{name} failed ({run.returncode}): {run.stderr.decode()[-800:]}")
        if r < 0:
            continue
        samples[name]["wall"].append(wall * 1000)
        samples[name]["cpu"].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
        if name == "identify every file":
            samples[name]["extra"].append(json.loads(run.stdout.decode().strip().splitlines()[-1])["per_frame_us"])

print(json.dumps({
    "frames": len(files), "size": f"{width}x{height}",
    "parts": {n: {k: statistics.median(v) for k, v in s.items() if v} for n, s in samples.items()},
}))
