"""Drives templates/img2vid-gradio/app.py against the gradio stand-in, with real images and
the real converter (ffmpeg in the img2vid image); prints one JSON object for the test.

Arguments: the folder of uploads (read-only), as the paths Gradio would hand the handler.
"""
import json
import os
import sys
import time

import gradio as gr
import app

uploads = sys.argv[1]
result = {"work_root": app.WORK_ROOT}

# The page: what it shows and how the button is wired.
result["components"] = [c.describe() for c in gr.created if c.kind not in ("Row", "Column")]
result["components"] = [
    {"kind": d["kind"], "label": d["kwargs"].get("label"), "title": d["kwargs"].get("title"), "visible": d["kwargs"].get("visible")}
    for d in result["components"]
]
click = gr.clicks[0] if gr.clicks else None
result["click"] = click and {
    "fn_is_make_video": click["fn"] is app.make_video,
    "inputs": [c.kind for c in click["inputs"]],
    "outputs": [c.kind for c in click["outputs"]],
}
result["launched_on_import"] = len(gr.launched)

# A work folder left from more than an hour ago is cleared by the next conversion; a
# recent one (another conversion's, perhaps still downloading) is kept.
os.makedirs(app.WORK_ROOT, exist_ok=True)
old = os.path.join(app.WORK_ROOT, "img2vid-old")
recent = os.path.join(app.WORK_ROOT, "img2vid-recent")
for folder in (old, recent):
    os.makedirs(folder, exist_ok=True)
two_hours_ago = time.time() - 7200
os.utime(old, (two_hours_ago, two_hours_ago))


def attempt(files, fps):
    progress = gr.Progress()
    try:
        video, download, summary = app.make_video(files, fps, progress=progress)
    except gr.Error as err:
        return {"error": str(err), "progress": progress.calls}
    return {
        "video": video,
        "download": {"kind": download.kind, **{k: download.kwargs.get(k) for k in ("label", "value", "visible")}},
        "summary": summary,
        "progress": progress.calls,
    }


# Uploads arrive in any order, as paths in Gradio's own temporary folders; two may share a name.
names = sorted(os.listdir(uploads), reverse=True)
files = [os.path.join(uploads, n) for n in names if not n.startswith("same-name")]
files += [os.path.join(uploads, "same-name", n) for n in sorted(os.listdir(os.path.join(uploads, "same-name")))]
result["good"] = attempt(files, 10)
result["old_work_left"] = os.path.exists(old)
result["recent_work_left"] = os.path.exists(recent)
if "video" in result["good"]:
    result["good"]["frames_in"] = sorted(os.listdir(os.path.join(os.path.dirname(result["good"]["video"]), "images")))

result["empty"] = attempt([], 5)
result["none"] = attempt(None, 5)
before = set(os.listdir(app.WORK_ROOT))
result["only_broken"] = attempt([os.path.join(uploads, "broken.jpg")], 5)
result["only_broken"]["work_left"] = sorted(set(os.listdir(app.WORK_ROOT)) - before)
print(json.dumps(result))
