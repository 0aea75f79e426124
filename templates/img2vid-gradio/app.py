"""Images to video in the browser: upload images, get a video that plays and a download
button. The conversion is img2vid.convert, the same module as the img2vid command-line
image (the extension writes img2vid.py here from the img2vid template)."""
import contextvars
import os
import shutil
import tempfile
import time

import gradio as gr

from img2vid import DEFAULT_FPS, IMAGE_EXTENSIONS, MAX_FPS, MIN_FPS, ConversionError, convert

SERVER_NAME = os.environ.get("SERVER_NAME", "127.0.0.1")
SERVER_PORT = int(os.environ.get("SERVER_PORT", "7861"))
# Each conversion works in its own folder here; folders older than this are removed.
WORK_ROOT = os.environ.get("GRADIO_TEMP_DIR") or tempfile.gettempdir()
KEEP_SECONDS = 3600


def _remove_old_work() -> None:
    try:
        entries = list(os.scandir(WORK_ROOT))
    except OSError:
        return
    cutoff = time.time() - KEEP_SECONDS
    for entry in entries:
        try:
            if entry.name.startswith("img2vid-") and entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass


def _gather(files: list, folder: str) -> None:
    """Links each upload into `folder` under its own name (names set the frame order)."""
    for path in files:
        name = os.path.basename(path)
        stem, ext = os.path.splitext(name)
        target = os.path.join(folder, name)
        n = 2
        while os.path.exists(target):  # two uploads with the same name: keep both
            target = os.path.join(folder, f"{stem} ({n}){ext}")
            n += 1
        try:
            os.symlink(path, target)
        except OSError:
            shutil.copyfile(path, target)


def make_video(files, fps, progress=gr.Progress()):
    if not files:
        raise gr.Error("Upload some images first.")
    _remove_old_work()
    os.makedirs(WORK_ROOT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="img2vid-", dir=WORK_ROOT)
    images = os.path.join(work, "images")
    os.mkdir(images)
    _gather([f if isinstance(f, str) else f.name for f in files], images)
    output = os.path.join(work, "video.mp4")
    skipped = []
    # Gradio finds the request a progress bar belongs to in context variables, and progress
    # events come from the converter's reader thread: carry this thread's context over.
    context = contextvars.copy_context()

    def on_event(event: dict) -> None:
        if event["event"] == "skip":
            skipped.append(f"{event['file']}: {event['reason']}")
        elif event["event"] == "progress" and event["total"]:
            try:
                context.run(progress, event["frame"] / event["total"], desc=f"{event['frame']} of {event['total']} frames")
            except Exception:  # noqa: BLE001 - a progress bar is not worth failing a conversion for
                pass

    try:
        done = convert(images, output, fps=int(fps or DEFAULT_FPS), on_event=on_event)
    except ConversionError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise gr.Error(str(err).replace(images, "the upload")) from err
    summary = (
        f"**{done['frames']} frames**, {done['duration']} s at {done['fps']} fps, "
        f"{done['width']}x{done['height']}, made in {done['elapsed']} s."
    )
    if skipped:
        summary += "\n\nSkipped (not readable images):\n" + "\n".join(f"- {s}" for s in skipped)
    return output, gr.DownloadButton(label="Download video", value=output, visible=True), summary


with gr.Blocks(title="Images to video") as demo:
    gr.Markdown(
        "# Images to video\n"
        f"Upload images ({', '.join(IMAGE_EXTENSIONS)}). They become frames in natural order of "
        "their names (img2 before img10); the first image sets the size, others are letterboxed. "
        "The video is H.264 MP4, which plays in any browser."
    )
    with gr.Row():
        with gr.Column():
            files = gr.File(label="Images", file_count="multiple", file_types=list(IMAGE_EXTENSIONS))
            fps = gr.Slider(MIN_FPS, MAX_FPS, value=DEFAULT_FPS, step=1, label="Frames per second")
            button = gr.Button("Make video", variant="primary")
        with gr.Column():
            video = gr.Video(label="Video")
            download = gr.DownloadButton(label="Download video", visible=False)
            summary = gr.Markdown()
    button.click(make_video, inputs=[files, fps], outputs=[video, download, summary])

if __name__ == "__main__":
    demo.launch(server_name=SERVER_NAME, server_port=SERVER_PORT)
