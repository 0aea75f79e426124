#!/usr/bin/env python3
"""img2vid: turn a folder of images into an MP4 video that plays in a browser.

    img2vid [--fps N] [--] IMAGE_DIR OUTPUT_NAME

    IMAGE_DIR    the folder of images, relative to $INPUT_DIR ("." is $INPUT_DIR itself)
    OUTPUT_NAME  the video, relative to $OUTPUT_DIR; ".mp4" is added when it has no extension
    --fps N      frames per second, a whole number from 1 to 120 (default 5)
    --           ends the options: a name after it may start with "-"

In the image INPUT_DIR=/input and OUTPUT_DIR=/output:

    docker run --rm --user "$(id -u):$(id -g)" \\
        -v "$PWD/frames:/input:ro" -v "$PWD/videos:/output" img2vid . aquarium --fps 5

Without those variables both paths are relative to the current folder, so the script runs
outside a container too (python3 img2vid.py ./frames out.mp4; it needs ffmpeg and Pillow),
and the Gradio app imports `convert` from it.

How, and why:
- The video is H.264 (libx264), yuv420p, even width and height, "+faststart", no audio:
  what Chromium, and so VS Code's webviews, can play.
- Frames are taken in natural order (img2 before img10) from .jpg .jpeg .png .bmp .webp
  .tif .tiff files in any letter case; hidden files and other files are ignored.
- The first image's size is the video's size (one black column or row is added when it is
  odd); images of other sizes are scaled to fit and letterboxed with black bars.
- Work is split so that nothing waits: ffmpeg is started first (loading it takes longer
  than starting Python and Pillow), then each file is read once, identified by Pillow
  (format, size; nothing is decoded) and checked to be whole (a JPEG's end-of-image
  marker, a PNG's chunk checksums up to IEND, a WebP's or BMP's declared length), and its
  bytes go as they are into that one ffmpeg (image2pipe), which decodes, scales and
  encodes. Memory stays flat however many frames there are: a few files are held at a
  time. A frame whose format differs from the stream's (and every TIFF, which ffmpeg
  cannot split out of a stream) is first re-encoded into the stream's format by a short
  ffmpeg run, in a helper thread, ahead of the encoder.
- A file that is not a readable image is skipped with a warning that names it and says
  why: whatever goes wrong reading one file skips that file; only a failure of the whole
  job (no readable image, ffmpeg failing, no room to write) ends the conversion.
- Size cap: an image wider or taller than 16,384 px, or of more than 100 megapixels, is
  skipped from its header alone, before anything decodes it (a small file can claim a huge
  size: a decompression bomb). The video's size comes from the first image that is kept.
  Memory is bounded from outside too: run the container with --memory (the extension sets
  1 GiB by default); when ffmpeg is killed for lack of memory the error says so.
- The video is written to a hidden temporary file beside the target and renamed when it is
  complete: a failure, SIGTERM or Ctrl+C leaves no partial video. The input is only read.
  The temporary name is shortened as needed to fit the 255-byte limit on file names; an
  OUTPUT_NAME longer than that is refused with a message saying so.
- Progress goes to stdout as one JSON object a line when stdout is not a terminal (events
  start, skip, progress, done, error), as readable lines when it is. Warnings also go to
  stderr. "start" counts the image files; a "progress" total counts the frames to expect
  (those files less the ones skipped so far), so it ends at frame N of N.

Exit codes: 0 done; 1 the conversion failed; 2 bad arguments; 130 interrupted (SIGINT);
143 stopped (SIGTERM).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from contextlib import closing

# Only what starting ffmpeg needs is imported up here (not even tempfile or typing: every
# millisecond before ffmpeg starts is one the video waits); Pillow and the thread pool are
# imported when the first file is read, while ffmpeg is loading (see "nothing waits").

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
DEFAULT_FPS = 5
MIN_FPS = 1
MAX_FPS = 120
# Larger images are skipped before they are decoded (see "Size cap" above).
MAX_SIDE = 16384
MAX_PIXELS = 100_000_000
# The longest file name (in bytes) Linux file systems take.
NAME_MAX = 255

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SIGINT = 130
EXIT_SIGTERM = 143

# The formats Pillow is asked to recognise, and our name for each one it reports (it
# reports a JPEG with more pictures after it as an MPO).
PILLOW_FORMATS = ["JPEG", "PNG", "BMP", "WEBP", "TIFF"]
KINDS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "BMP": "bmp", "WEBP": "webp", "TIFF": "tiff"}
KIND_OF_EXTENSION = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".bmp": "bmp", ".webp": "webp", ".tif": "tiff", ".tiff": "tiff"}
# The decoder ffmpeg uses for each format we read.
DECODERS = {"jpeg": "mjpeg", "png": "png", "bmp": "bmp", "webp": "webp", "tiff": "tiff"}
# Formats ffmpeg can split out of one byte stream (image2pipe has a parser for them).
STREAMABLE = ("jpeg", "png", "webp", "bmp")
# How a frame is re-encoded into the stream's format when it comes in another one. These
# bytes only live in the pipe, so quality wins over size.
REENCODE_ARGS = {
    "jpeg": ["-c:v", "mjpeg", "-q:v", "1", "-qmin", "1"],
    "png": ["-c:v", "png", "-compression_level", "1"],
    "webp": ["-c:v", "libwebp", "-lossless", "1", "-compression_level", "0"],
    "bmp": ["-c:v", "bmp"],
}
# Files read and identified ahead of the one being sent to ffmpeg.
READ_AHEAD = 4


class ConversionError(Exception):
    """The conversion cannot be done; the message says why, for people."""

    exit_code = EXIT_FAILED


class UsageError(ConversionError):
    """Bad arguments."""

    exit_code = EXIT_USAGE


class Stopped(BaseException):
    """A signal asked us to stop (a BaseException, like KeyboardInterrupt, so nothing swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class BadImage(Exception):
    """A file that is skipped; the message says why."""


class Skipped:
    """A file that is left out, and why."""

    __slots__ = ("name", "reason")

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason


class Frame:
    """One image file, identified: its format and size, and the bytes that go into the stream."""

    __slots__ = ("name", "kind", "width", "height", "data")

    def __init__(self, name: str, kind: str, width: int, height: int, data: bytes) -> None:
        self.name, self.kind, self.width, self.height, self.data = name, kind, width, height, data


# ---------------------------------------------------------------------------- listing


_NUMBER = re.compile(r"([0-9]+)")


def natural_key(name: str) -> tuple:
    """img2 < img10 < IMG11: digit runs compare as numbers, text without letter case."""
    parts = _NUMBER.split(name)
    key = tuple(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts))
    return key, name


def list_images(folder: str) -> list:
    """Names of the image files in `folder`, in natural order (no hidden files, no folders)."""
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if os.path.splitext(entry.name)[1].lower() not in IMAGE_EXTENSIONS:
                continue
            try:
                if not entry.is_file():
                    continue
            except OSError:
                continue
            names.append(entry.name)
    names.sort(key=natural_key)
    return names


def stream_kind_for(names: list) -> str:
    """The format most files are in by their names, among those ffmpeg can split from a
    stream: known before any file is read, so ffmpeg can start at once. A file whose bytes
    say otherwise is re-encoded, like a TIFF."""
    kinds = [KIND_OF_EXTENSION[os.path.splitext(n)[1].lower()] for n in names]
    counts = Counter(k for k in kinds if k in STREAMABLE)
    if not counts:
        return "bmp"  # only TIFFs: BMP is the cheapest lossless carrier
    best = max(counts.values())
    return next(k for k in kinds if counts.get(k) == best)  # a tie: the earlier file's


# ------------------------------------------------------------------ identifying files


def _pillow():
    """Pillow, with the plugins of our five formats only (importing all of them costs more
    than reading a hundred files)."""
    from PIL import BmpImagePlugin, Image, JpegImagePlugin, PngImagePlugin, TiffImagePlugin, WebPImagePlugin  # noqa: F401

    # Our own cap applies (check_size), with a reason people can read, instead of Pillow's
    # warning at 89 megapixels and error at 179.
    Image.MAX_IMAGE_PIXELS = None
    return Image, JpegImagePlugin


def check_size(width: int, height: int) -> None:
    """Refuses a size above the cap, from the header alone; raises BadImage."""
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise BadImage(
            f"too large ({width}x{height} px): images up to {MAX_SIDE:,} px a side and "
            f"{MAX_PIXELS // 1_000_000} megapixels are converted"
        )


_EOI = b"\xff\xd9"


def _jpeg_end(data: bytes, scan: int, only_picture: bool) -> int:
    """Where the image ends: after its end-of-image marker. A file that ends with one is
    whole (the usual case, at no cost); otherwise, since 0xFF is always escaped in
    entropy-coded data, the first FFD9 after the scan header is the EOI and what follows
    (the video of a "motion photo", padding) is left out: it would confuse the stream's
    parser. `only_picture`: always look for that first EOI (an MPO's second picture ends
    the file with its own)."""
    if not only_picture and data.endswith(_EOI):
        return len(data)
    eoi = data.find(_EOI, scan)
    if eoi < 0:
        raise BadImage("truncated JPEG (no end-of-image marker)")
    return eoi + 2


def _webp_end(data: bytes) -> int:
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise BadImage("truncated WebP")
    return end


def _bmp_bytes(data: bytes, tile: tuple, height: int) -> bytes:
    """The bitmap's bytes, with its file-size field made right: ffmpeg splits BMPs in a
    stream by that field, and many writers leave it wrong or zero."""
    decoder, _, offset, args = tile
    declared = int.from_bytes(data[2:6], "little")
    if decoder == "raw":  # uncompressed: the pixel rows' length is known
        needed = offset + args[1] * height
        if needed > len(data):
            raise BadImage("truncated BMP (pixel data is missing)")
        end = declared if needed <= declared <= len(data) else needed
    else:  # run-length encoded: only the header says where it ends
        if declared > len(data):
            raise BadImage("truncated BMP")
        end = declared if declared > 26 else len(data)
    return data[:2] + end.to_bytes(4, "little") + data[6:end]


def identify(name: str, data: bytes) -> Frame:
    """Format and size from Pillow, without decoding; the bytes of the image once it is
    known to be whole. Raises BadImage."""
    if not data:
        raise BadImage("empty file")
    Image, JpegImagePlugin = _pillow()
    buffer = io.BytesIO(data)
    try:
        picture = Image.open(buffer, formats=PILLOW_FORMATS)
    except Image.UnidentifiedImageError:
        raise BadImage("damaged or not an image (not a readable JPEG, PNG, BMP, WebP or TIFF)") from None
    with picture:
        kind = KINDS[picture.format]
        width, height = picture.size
        check_size(width, height)
        if kind == "jpeg":
            is_mpo = picture.format == "MPO"
            if is_mpo:  # Pillow went back to the start: read up to the scan again
                buffer.seek(0)
                JpegImagePlugin.JpegImageFile(buffer).close()
            data = data[: _jpeg_end(data, buffer.tell(), only_picture=is_mpo)]
        elif kind == "png":
            picture.verify()  # every chunk's checksum up to IEND; no pixel is inflated
            end = buffer.tell() + 4  # where verify stopped: IEND's checksum is left
            if end > len(data):
                raise BadImage("truncated PNG")
            data = data[:end]
        elif kind == "webp":
            if getattr(picture, "is_animated", False):
                raise BadImage("animated WebP is not supported")
            data = data[: _webp_end(data)]
        elif kind == "bmp":
            data = _bmp_bytes(data, picture.tile[0], height)
        # TIFF: ffmpeg decodes it while re-encoding, and that is the check.
    return Frame(name, kind, width, height, data)


def reencode(frame: Frame, path: str, target: str, ffmpeg: str = "ffmpeg") -> bytes:
    """The image as one `target` image, decoded and re-encoded by ffmpeg; raises BadImage."""
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
        # The format is what the file holds, whatever its name says; no %d patterns.
        "-f", "image2", "-pattern_type", "none", "-c:v", DECODERS[frame.kind],
        "-i", "file:" + os.path.abspath(path),
        "-frames:v", "1", "-map", "0:v:0", *REENCODE_ARGS[target], "-f", "image2pipe", "pipe:1",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as err:
        raise BadImage(f"cannot be decoded: ffmpeg could not run ({err.strerror or err})") from err
    if result.returncode == -signal.SIGKILL:
        raise BadImage("cannot be decoded: ffmpeg was killed, most likely for lack of memory")
    if result.returncode != 0 or not result.stdout:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BadImage("cannot be decoded" + (f" ({lines[-1].strip()})" if lines else ""))
    return result.stdout


def prepare(image_dir: str, name: str, stream_kind: str, ffmpeg: str = "ffmpeg") -> Frame:
    """Reads one file and makes its frame for the stream; raises BadImage for whatever goes
    wrong with that file (Pillow and the checks index bytes any file can choose), never
    anything that would end the conversion. A stop (Stopped, KeyboardInterrupt) is a
    BaseException and goes through."""
    path = os.path.join(image_dir, name)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise BadImage(f"cannot be read ({err.strerror or err})") from err
    try:
        frame = identify(name, data)
        if frame.kind != stream_kind:
            frame.data = b""
            frame.data = reencode(frame, path, stream_kind, ffmpeg)
        return frame
    except BadImage:
        raise
    except MemoryError:
        raise BadImage("too large to be read into memory") from None
    except Exception as err:  # noqa: BLE001 - see the docstring
        detail = str(err) or type(err).__name__
        raise BadImage(f"damaged or not an image ({detail})") from err


def frames_in_order(image_dir: str, names: list, stream_kind: str, ffmpeg: str):
    """Each name's Frame, or Skipped with the reason, in order.

    When some names say another format than the stream's (those files are re-encoded, a
    short ffmpeg run each), two helper threads prepare up to READ_AHEAD files ahead, so the
    re-encoding overlaps the encoding instead of starving it; at most that many frames are
    held at once. Otherwise the files are read in order here: handing them to threads
    would cost more than it saves.
    """

    def attempt(name: str):
        try:
            return prepare(image_dir, name, stream_kind, ffmpeg)
        except BadImage as err:
            return Skipped(name, str(err))

    if all(KIND_OF_EXTENSION[os.path.splitext(n)[1].lower()] == stream_kind for n in names):
        for name in names:
            yield attempt(name)
        return
    from concurrent.futures import ThreadPoolExecutor


    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="img2vid-read")
    try:
        ahead: deque = deque()
        for name in names:
            ahead.append(pool.submit(attempt, name))
            if len(ahead) > READ_AHEAD:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# ------------------------------------------------------------------------- arguments


def check_fps(value: object) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]+", text) or not MIN_FPS <= int(text) <= MAX_FPS:
        raise UsageError(f"--fps must be a whole number from {MIN_FPS} to {MAX_FPS} (got {str(value)!r})")
    return int(text)


def video_path(path: str) -> str:
    """Adds .mp4 when there is no extension; any other extension is an error."""
    name = os.path.basename(path)
    if name in ("", ".", ".."):
        raise UsageError(f"The output name must name a file, like aquarium.mp4 (got {path!r})")
    ext = os.path.splitext(name)[1]
    if ext == "":
        return path + ".mp4"
    if ext.lower() != ".mp4":
        raise UsageError(f"The output is an MP4 video: name it {name[: -len(ext)]}.mp4 or {name[: -len(ext)]} (got {name!r})")
    return path


def _fit_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes in the file system's encoding, whole characters."""
    while len(os.fsencode(text)) > limit:
        text = text[:-1]
    return text


def check_name_length(path: str) -> None:
    size = len(os.fsencode(os.path.basename(path)))
    if size > NAME_MAX:
        raise UsageError(
            f"The output name is too long: {size} bytes, and a file name can have at most {NAME_MAX}. Choose a shorter name."
        )


def _partial_prefix(output_path: str) -> str:
    # _create_exclusive adds 8 random characters; the suffix is ".partial". A long name is shortened
    # here so the temporary name still fits in NAME_MAX (the final name is checked apart).
    room = NAME_MAX - len("..") - 8 - len(".partial")
    return f".{_fit_bytes(os.path.basename(output_path), room)}."


# --------------------------------------------------------------------------- convert


# The colour the video says it is in. BT.601's matrix (smpte170m) is the one JPEG's YCbCr
# already uses, so a JPEG frame of the video's size needs only its full range squeezed to
# limited range (what bare ffmpeg does too), not a matrix conversion to BT.709: measured
# +0.33 s CPU on 600 720p frames. Browsers and players read the tag and show the same
# colours either way; primaries and transfer stay sRGB's (bt709).
COLOUR_TAGS = ["-colorspace", "smpte170m", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"]


def _filter(width: int, height: int, fit_width: int, fit_height: int) -> str:
    # Fit inside the first image's size (a no-op for images of that size), to the tagged
    # BT.601 matrix at limited range, pad to the even size, centred.
    return (
        f"scale=w={fit_width}:h={fit_height}:force_original_aspect_ratio=decrease:flags=bicubic"
        ":in_color_matrix=bt601:out_color_matrix=bt601:out_range=tv,format=yuv420p,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
    )


class Encoder:
    """The one ffmpeg that decodes, scales and encodes the frames it gets on stdin.

    It is started before the video's size is known, so that loading ffmpeg overlaps
    Python's reading of the first file: the filter graph, which needs that size, comes
    through a pipe that ffmpeg reads as its filter script when it opens the output. Its
    progress comes through another pipe, its errors through stderr (kept, and echoed).
    """

    def __init__(self, ffmpeg: str, stream_kind: str, fps: int, output: str, on_frames) -> None:
        self.errors: deque = deque(maxlen=20)
        self.encoded = 0
        self._on_frames = on_frames
        filter_read, self._filter_write = os.pipe()
        progress_read, progress_write = os.pipe()
        command = [
            ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats",
            "-progress", f"pipe:{progress_write}", "-stats_period", "0.2",
            "-f", "image2pipe", "-framerate", str(fps), "-c:v", DECODERS[stream_kind], "-i", "pipe:0",
            "-filter_script:v", f"/dev/fd/{filter_read}",
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
            *COLOUR_TAGS,
            "-movflags", "+faststart", "-f", "mp4", "-y", output,
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(progress_write, filter_read)
            )
        except OSError as err:
            for fd in (progress_read, self._filter_write):
                os.close(fd)
            raise ConversionError(f"Cannot start ffmpeg: {err.strerror or err}") from err
        finally:
            os.close(progress_write)
            os.close(filter_read)
        self._threads = [
            threading.Thread(target=self._read_progress, args=(progress_read,), daemon=True),
            threading.Thread(target=self._read_errors, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def set_size(self, width: int, height: int, fit_width: int, fit_height: int) -> None:
        script = _filter(width, height, fit_width, fit_height).encode()
        fd, self._filter_write = self._filter_write, -1
        try:
            os.write(fd, script)  # far less than a pipe holds: it never blocks
        except BrokenPipeError:
            raise self._failed() from None
        finally:
            os.close(fd)

    def send(self, data: bytes) -> None:
        try:
            self.process.stdin.write(data)
        except BrokenPipeError:
            raise self._failed() from None

    def finish(self) -> int:
        """Ends the input, waits for ffmpeg and everything it printed; the frames encoded."""
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.process.wait()
        for thread in self._threads:
            thread.join()
        if self.process.returncode != 0:
            raise self._failed()
        return self.encoded

    def close(self) -> None:
        """Stops ffmpeg if it still runs (the conversion failed or was stopped)."""
        if self._filter_write >= 0:
            os.close(self._filter_write)
            self._filter_write = -1
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def _failed(self) -> ConversionError:
        self.process.wait()
        for thread in self._threads:
            thread.join()
        if self.process.returncode == -signal.SIGKILL:
            # The kernel's OOM killer, under the container's memory limit, most likely.
            return ConversionError("ffmpeg was killed (SIGKILL), most likely because it ran out of memory")
        detail = self.errors[-1] if self.errors else f"exit code {self.process.returncode}"
        return ConversionError(f"ffmpeg failed: {detail}")

    def _read_progress(self, fd: int) -> None:
        with os.fdopen(fd, "r", encoding="ascii", errors="replace") as lines:
            frame = 0
            for line in lines:
                key, _, value = line.strip().partition("=")
                if key == "frame" and value.isdigit():
                    frame = int(value)
                elif key == "progress":
                    self.encoded = frame
                    self._on_frames(frame)

    def _read_errors(self) -> None:
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                self.errors.append(line)
                print(f"ffmpeg: {line}", file=sys.stderr, flush=True)


class Progress:
    """The events of one conversion. Skips found before the video's size is known wait for
    the start event; a progress total counts the frames to expect (the files less those
    skipped so far), so a progress bar reaches its end even when some were skipped."""

    def __init__(self, emit, total: int) -> None:
        self.emit = emit
        self.total = total
        self.skipped = 0
        self._waiting: list = []
        self._started = False
        self._last = (-1, total)
        self._frame = 0
        self._lock = threading.Lock()

    def start(self, **details: object) -> None:
        self.emit({"event": "start", "total": self.total, **details})
        self._started = True
        for skip in self._waiting:
            self.emit(skip)
        self._waiting.clear()

    def skip(self, skipped: Skipped) -> None:
        self.skipped += 1
        event = {"event": "skip", "file": skipped.name, "reason": skipped.reason}
        if not self._started:
            self._waiting.append(event)
            return
        self.emit(event)
        self.frames(self._frame)  # one frame fewer to expect

    def frames(self, frame: int) -> None:
        with self._lock:
            self._frame = frame
            now = (frame, self.total - self.skipped)
            if now != self._last:
                self._last = now
                self.emit({"event": "progress", "frame": frame, "total": now[1]})

    def flush_skips(self) -> None:
        """Without a start (nothing was readable): the skips all the same, then the error."""
        for skip in self._waiting:
            self.emit(skip)
        self._waiting.clear()


class PartialOutput:
    """A hidden temporary file beside the video, renamed into place by commit(); removed
    on any other way out (a failure, a stop), so no partial video is ever left."""

    def __init__(self, output_path: str) -> None:
        out_dir = os.path.dirname(os.path.abspath(output_path))
        self.output_path = output_path
        try:
            os.makedirs(out_dir, exist_ok=True)
            self.path = _create_exclusive(out_dir, _partial_prefix(output_path), ".partial")
        except OSError as err:
            raise ConversionError(
                f"Cannot write to {out_dir}: {err.strerror or err} (run the container with --user set to the folder's owner)"
            ) from err
        self.committed = False

    def commit(self) -> None:
        os.replace(self.path, self.output_path)
        self.committed = True

    def discard(self) -> None:
        if not self.committed:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def _create_exclusive(folder: str, prefix: str, suffix: str) -> str:
    """A new empty file with 8 random characters in its name (what tempfile.mkstemp does,
    without importing tempfile), readable by others like any file the user makes."""
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(4).hex()}{suffix}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _none_readable(image_dir: str, total: int) -> str:
    skipped = "its one image file was skipped" if total == 1 else f"all {total} image files were skipped"
    return f"No readable images in {image_dir}: {skipped}"


def _check_request(image_dir: str, output_path: str, fps: object) -> tuple:
    """The frame rate and the output's path once both are valid, or a UsageError."""
    fps = check_fps(fps)
    output_path = video_path(output_path)
    check_name_length(output_path)
    if not os.path.isdir(image_dir):
        what = "is not a folder" if os.path.exists(image_dir) else "does not exist"
        raise UsageError(f"The image folder {image_dir} {what}")
    if os.path.isdir(output_path):
        raise UsageError(f"The output {output_path} is a folder")
    return fps, output_path


def _image_names(image_dir: str) -> list:
    try:
        names = list_images(image_dir)
    except OSError as err:
        raise ConversionError(f"Cannot list {image_dir}: {err.strerror or err}") from err
    if not names:
        raise ConversionError(f"No images in {image_dir}: looked for {', '.join(IMAGE_EXTENSIONS)}")
    return names


def convert(image_dir: str, output_path: str, fps: int = DEFAULT_FPS, on_event=None, ffmpeg: str = "ffmpeg") -> dict:
    """Converts the images in `image_dir` into the MP4 `output_path`; returns the done event.

    on_event gets each event (start, skip, progress, done) as a dict; progress events come
    from a helper thread. Raises ConversionError (UsageError for bad arguments); a Stopped
    or KeyboardInterrupt raised meanwhile stops ffmpeg and leaves no partial file.
    """
    started = time.monotonic()
    fps, output_path = _check_request(image_dir, output_path, fps)
    names = _image_names(image_dir)
    progress = Progress(on_event or (lambda event: None), total=len(names))
    stream_kind = stream_kind_for(names)
    partial = PartialOutput(output_path)
    encoder = None
    try:
        encoder = Encoder(ffmpeg, stream_kind, fps, partial.path, progress.frames)
        first = None
        sent = 0
        with closing(frames_in_order(image_dir, names, stream_kind, ffmpeg)) as items:
            for item in items:
                if isinstance(item, Skipped):
                    progress.skip(item)
                    continue
                if first is None:  # the first readable image sets the video's size
                    first = item
                    width, height = first.width + first.width % 2, first.height + first.height % 2
                    encoder.set_size(width, height, first.width, first.height)
                    progress.start(fps=fps, width=width, height=height, output=output_path)
                encoder.send(item.data)
                sent += 1
        if first is None:
            progress.flush_skips()
            raise ConversionError(_none_readable(image_dir, len(names)))
        frames = encoder.finish()
        if frames == 0:
            raise ConversionError("ffmpeg could not decode any of the images")
        if frames < sent:
            print(f"warning: ffmpeg decoded {frames} of the {sent} images it was given", file=sys.stderr, flush=True)
        partial.commit()
    finally:
        if encoder is not None:
            encoder.close()
        partial.discard()

    progress.frames(frames)  # the final count, unless ffmpeg's last report already said it
    result = {
        "event": "done",
        "output": output_path,
        "frames": frames,
        "skipped": progress.skipped,
        "duration": round(frames / fps, 3),
        "width": width,
        "height": height,
        "fps": fps,
        "elapsed": round(time.monotonic() - started, 3),
    }
    progress.emit(result)
    return result


# ------------------------------------------------------------------------------- CLI


class Reporter:
    """JSON lines on stdout for programs; readable lines when stdout is a terminal.
    Skips and errors also go to stderr, in both modes."""

    def __init__(self, json_lines: bool) -> None:
        self.json_lines = json_lines
        self.lock = threading.Lock()
        self.progress_shown = False

    def __call__(self, event: dict) -> None:
        with self.lock:
            kind = event["event"]
            try:
                if kind in ("skip", "error"):
                    self._end_progress_line()
                    note = f"warning: skipped {event['file']}: {event['reason']}" if kind == "skip" else f"error: {event['message']}"
                    print(note, file=sys.stderr, flush=True)
                if self.json_lines:
                    print(json.dumps(event, separators=(",", ":")), flush=True)
                else:
                    self._say(event)
            except BrokenPipeError:
                # Whoever read stdout went away: the video is still worth finishing.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)

    def _say(self, event: dict) -> None:
        kind = event["event"]
        if kind == "start":
            print(f"Converting {event['total']} images into {event['output']} ({event['width']}x{event['height']}, {event['fps']} fps)", flush=True)
        elif kind == "progress":
            sys.stdout.write(f"\r  {event['frame']} of {event['total']} frames encoded")
            sys.stdout.flush()
            self.progress_shown = True
        elif kind == "done":
            self._end_progress_line()
            skipped = f", {event['skipped']} skipped" if event["skipped"] else ""
            print(
                f"Done: {event['output']}: {event['frames']} frames{skipped}, {event['duration']} s at {event['fps']} fps, "
                f"{event['width']}x{event['height']}, in {event['elapsed']} s",
                flush=True,
            )

    def _end_progress_line(self) -> None:
        if self.progress_shown:
            sys.stdout.write("\n")
            sys.stdout.flush()
        self.progress_shown = False


class _Parser(argparse.ArgumentParser):
    reporter: Reporter | None = None

    def error(self, message: str):  # never returns: exits with EXIT_USAGE
        self.print_usage(sys.stderr)
        if self.reporter is not None:
            self.reporter({"event": "error", "message": message})
        sys.exit(EXIT_USAGE)


def _fps_argument(text: str) -> int:
    try:
        return check_fps(text)
    except UsageError as err:
        raise argparse.ArgumentTypeError(str(err).replace("--fps ", "")) from None


def _on_signal(signum: int, _frame: object) -> None:
    # Once is enough: further signals while cleaning up are ignored.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    reporter = Reporter(json_lines=not sys.stdout.isatty())
    # As PID 1 in a container, a signal without a handler is ignored: handle SIGTERM so
    # `docker stop` stops ffmpeg and removes the partial file at once.
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    parser = _Parser(
        prog="img2vid",
        description="Turn a folder of images into an MP4 (H.264) video that plays in browsers.",
        epilog=f"IMAGE_DIR is relative to $INPUT_DIR, OUTPUT_NAME to $OUTPUT_DIR. Images: {' '.join(IMAGE_EXTENSIONS)}, in natural order.",
    )
    parser.reporter = reporter
    parser.add_argument("image_dir", metavar="IMAGE_DIR", help='folder of images ("." is $INPUT_DIR itself)')
    parser.add_argument("output_name", metavar="OUTPUT_NAME", help='the video, e.g. "aquarium" or "aquarium.mp4"')
    parser.add_argument("--fps", type=_fps_argument, default=DEFAULT_FPS, metavar="N", help=f"frames per second, {MIN_FPS}-{MAX_FPS} (default {DEFAULT_FPS})")
    try:
        args = parser.parse_args(argv)
        image_dir = os.path.normpath(os.path.join(os.environ.get("INPUT_DIR") or ".", args.image_dir))
        output_path = os.path.normpath(os.path.join(os.environ.get("OUTPUT_DIR") or ".", args.output_name))
        convert(image_dir, output_path, args.fps, reporter)
        return 0
    except ConversionError as err:
        reporter({"event": "error", "message": str(err)})
        return err.exit_code
    except (Stopped, KeyboardInterrupt) as err:
        signum = err.signum if isinstance(err, Stopped) else signal.SIGINT
        reporter({"event": "error", "message": f"Stopped by {signal.Signals(signum).name}; no video was written"})
        return EXIT_SIGTERM if signum == signal.SIGTERM else EXIT_SIGINT


if __name__ == "__main__":
    sys.exit(main())
