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
outside a container too (python3 img2vid.py ./frames out.mp4), and the Gradio app imports
`convert` from it.

How, and why:
- The video is H.264 (libx264), yuv420p, even width and height, "+faststart", no audio:
  what Chromium, and so VS Code's webviews, can play.
- Frames are taken in natural order (img2 before img10) from .jpg .jpeg .png .bmp .webp
  .tif .tiff files in any letter case; hidden files and other files are ignored.
- The first image's size is the video's size (one black column or row is added when it is
  odd); images of other sizes are scaled to fit and letterboxed with black bars.
- Memory stays flat however many frames there are: one image is held at a time. The files'
  bytes go as they are into one ffmpeg (image2pipe), which decodes, scales and encodes;
  Python only reads each file's structure to learn its format and size and to check that
  it is whole. That is as fast as ffmpeg reading the files itself. A frame whose format
  differs from the stream's (and every TIFF, which ffmpeg cannot split out of a stream) is
  first re-encoded into the stream's format by a short ffmpeg run.
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
import functools
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from typing import Callable, Deque, Dict, Iterator, List, NoReturn, Optional, Tuple, TypeVar, Union

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

Event = Dict[str, object]
EventSink = Callable[[Event], None]


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


_Result = TypeVar("_Result")


def _one_file(read: Callable[..., _Result]) -> Callable[..., _Result]:
    """Whatever goes wrong while reading one file skips that file, never the conversion.

    The header parsers index and unpack bytes that any file can choose (a 4-byte .tif makes
    struct.unpack fail), so every exception but a stop (Stopped, KeyboardInterrupt: those
    are BaseExceptions) becomes a BadImage with the reason.
    """

    @functools.wraps(read)
    def guarded(*args: object, **kwargs: object) -> _Result:
        try:
            return read(*args, **kwargs)
        except BadImage:
            raise
        except MemoryError:
            raise BadImage("too large to be read into memory") from None
        except Exception as err:  # noqa: BLE001 - see the docstring
            detail = str(err) or type(err).__name__
            raise BadImage(f"damaged or not an image ({detail})") from err

    return guarded


@dataclass
class Image:
    name: str
    path: str
    kind: str = ""
    width: int = 0
    height: int = 0


# ---------------------------------------------------------------------------- listing


_NUMBER = re.compile(r"([0-9]+)")


def natural_key(name: str) -> Tuple[tuple, str]:
    """img2 < img10 < IMG11: digit runs compare as numbers, text without letter case."""
    parts = _NUMBER.split(name)
    key = tuple(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts))
    return key, name


def list_images(folder: str) -> List[str]:
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


# ----------------------------------------------------------- reading image structure
#
# Pure Python and cheap: headers and chunk lists, never pixels. probe() reads the start of
# a file to learn its format and size; frame_bytes() reads all of it, checks that it is
# whole and returns exactly the bytes of the image (trailing junk would confuse the
# stream's parser).


class _NeedMore(Exception):
    pass


def _u16be(d: bytes, i: int) -> int:
    return (d[i] << 8) | d[i + 1]


_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_header(d: bytes, complete: bool) -> Tuple[int, int, int]:
    """Walks the marker segments from SOI to the first SOS: (width, height, end of SOS header)."""
    n = len(d)
    pos = 2
    width = height = 0
    has_sof = False

    def short(what: str) -> BadImage:
        if not complete:
            raise _NeedMore()
        return BadImage(f"truncated JPEG (it ends inside its {what})")

    while True:
        if pos >= n:
            raise short("header")
        if d[pos] != 0xFF:
            raise BadImage(f"damaged JPEG (no marker at byte {pos})")
        while pos < n and d[pos] == 0xFF:
            pos += 1
        if pos >= n:
            raise short("header")
        marker = d[pos]
        pos += 1
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if marker in (0xD8, 0xD9):
            raise BadImage("damaged JPEG (no image data)")
        if pos + 2 > n:
            raise short("header")
        length = _u16be(d, pos)
        if length < 2:
            raise BadImage("damaged JPEG (bad segment length)")
        if pos + length > n:
            raise short("header")
        if marker in _JPEG_SOF:
            if length < 8:
                raise BadImage("damaged JPEG (short frame header)")
            height = _u16be(d, pos + 3)
            width = _u16be(d, pos + 5)
            has_sof = True
        elif marker == 0xDA:
            if not has_sof:
                raise BadImage("damaged JPEG (no frame header)")
            if not width or not height:
                raise BadImage("unsupported JPEG (its size is not in its header)")
            return width, height, pos + length
        pos += length


def _jpeg_end(d: bytes, scan: int) -> int:
    """Where the image ends: after the EOI marker, ignoring padding or data after it."""
    end = len(d)
    floor = max(scan, end - 4096)
    while end > floor and d[end - 1] in (0x00, 0xFF, 0x0A, 0x0D, 0x20):
        end -= 1
    if d[end - 2 : end] == b"\xff\xd9" and end - 2 >= scan:
        return end
    # Something follows the image (a "motion photo" appends a video): in entropy-coded
    # data 0xFF is always escaped, so the first FFD9 after the scan header is the EOI.
    eoi = d.find(b"\xff\xd9", scan)
    if eoi < 0:
        raise BadImage("truncated JPEG (no end-of-image marker)")
    return eoi + 2


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_header(d: bytes) -> Tuple[int, int]:
    if len(d) < 33:
        raise BadImage("truncated PNG")
    if d[12:16] != b"IHDR":
        raise BadImage("damaged PNG (no IHDR chunk)")
    width, height = struct.unpack(">II", d[16:24])
    if not width or not height:
        raise BadImage("damaged PNG (zero size)")
    return width, height


def _png_end(d: bytes) -> int:
    """Walks every chunk and checks its CRC (zlib does that at C speed)."""
    view = memoryview(d)
    n = len(d)
    pos = 8
    has_data = False
    while True:
        if pos + 12 > n:
            raise BadImage("truncated PNG (no IEND chunk)")
        length = int.from_bytes(d[pos : pos + 4], "big")
        kind = bytes(d[pos + 4 : pos + 8])
        end = pos + 12 + length
        if end > n:
            raise BadImage(f"truncated PNG (its {kind.decode('latin-1')} chunk runs past the end)")
        if zlib.crc32(view[pos + 4 : end - 4]) != int.from_bytes(d[end - 4 : end], "big"):
            raise BadImage(f"damaged PNG (checksum error in its {kind.decode('latin-1')} chunk)")
        if kind == b"IDAT":
            has_data = True
        elif kind == b"IEND":
            break
        pos = end
    if not has_data:
        raise BadImage("damaged PNG (no image data)")
    return end


def _bmp_layout(d: bytes) -> Tuple[int, int, Optional[int]]:
    """(width, height, bytes needed for the pixels or None when compressed)."""
    if len(d) < 26:
        raise BadImage("truncated BMP")
    offset, dib = struct.unpack("<II", d[10:18])
    if dib == 12:
        width, height, _, bpp = struct.unpack("<HHHH", d[18:26])
        compression = 0
    elif dib >= 40 and len(d) >= 34:
        width, height, _, bpp, compression = struct.unpack("<iiHHI", d[18:34])
        height = abs(height)
    else:
        raise BadImage("unsupported BMP header")
    if width <= 0 or height <= 0 or bpp == 0:
        raise BadImage("damaged BMP (bad size)")
    needed = offset + ((width * bpp + 31) // 32) * 4 * height if compression in (0, 3, 6) else None
    return width, height, needed


def _bmp_bytes(d: bytes) -> bytes:
    _, _, needed = _bmp_layout(d)
    declared = struct.unpack("<I", d[2:6])[0]
    n = len(d)
    if needed is not None:
        if needed > n:
            raise BadImage("truncated BMP (pixel data is missing)")
        end = declared if needed <= declared <= n else needed
    else:
        if declared > n:
            raise BadImage("truncated BMP")
        end = declared if 26 < declared <= n else n
    if declared != end:
        # ffmpeg splits BMPs in a stream by this field: make it right.
        return d[:2] + struct.pack("<I", end) + d[6:end]
    return d[:end]


def _webp_header(d: bytes) -> Tuple[int, int]:
    if len(d) < 30:
        raise BadImage("truncated WebP")
    chunk = d[12:16]
    if chunk == b"VP8 ":
        if d[23:26] != b"\x9d\x01\x2a":
            raise BadImage("damaged WebP (bad VP8 frame)")
        width = struct.unpack("<H", d[26:28])[0] & 0x3FFF
        height = struct.unpack("<H", d[28:30])[0] & 0x3FFF
    elif chunk == b"VP8L":
        if d[20] != 0x2F:
            raise BadImage("damaged WebP (bad VP8L signature)")
        bits = struct.unpack("<I", d[21:25])[0]
        width = (bits & 0x3FFF) + 1
        height = ((bits >> 14) & 0x3FFF) + 1
    elif chunk == b"VP8X":
        if d[20] & 0x02:
            raise BadImage("animated WebP is not supported")
        width = int.from_bytes(d[24:27], "little") + 1
        height = int.from_bytes(d[27:30], "little") + 1
    else:
        raise BadImage("unsupported WebP")
    if not width or not height:
        raise BadImage("damaged WebP (zero size)")
    return width, height


def _webp_end(d: bytes) -> int:
    end = 8 + struct.unpack("<I", d[4:8])[0]
    if end > len(d):
        raise BadImage("truncated WebP")
    pos = 12
    while pos + 8 <= end:
        size = struct.unpack("<I", d[pos + 4 : pos + 8])[0]
        if d[pos : pos + 4] == b"ANIM":
            raise BadImage("animated WebP is not supported")
        pos += 8 + size + (size & 1)
    if pos != end and pos != end + 1:
        raise BadImage("damaged WebP (its chunks do not add up)")
    return end


def _tiff_header(d: bytes, complete: bool) -> Tuple[int, int]:
    order = "<" if d[:2] == b"II" else ">"
    n = len(d)
    ifd = struct.unpack(order + "I", d[4:8])[0]
    if ifd < 8 or ifd + 2 > n:
        if not complete and ifd >= 8:
            raise _NeedMore()
        raise BadImage("damaged TIFF (bad directory offset)")
    count = struct.unpack(order + "H", d[ifd : ifd + 2])[0]
    if ifd + 2 + 12 * count > n:
        if not complete:
            raise _NeedMore()
        raise BadImage("truncated TIFF")
    size = {}
    for i in range(count):
        entry = ifd + 2 + 12 * i
        tag, kind = struct.unpack(order + "HH", d[entry : entry + 4])
        if tag in (256, 257):
            if kind == 3:
                size[tag] = struct.unpack(order + "H", d[entry + 8 : entry + 10])[0]
            elif kind == 4:
                size[tag] = struct.unpack(order + "I", d[entry + 8 : entry + 12])[0]
    if not size.get(256) or not size.get(257):
        raise BadImage("damaged TIFF (no size)")
    return size[256], size[257]


def _identify(d: bytes, complete: bool) -> Tuple[str, int, int]:
    if d[:3] == b"\xff\xd8\xff":
        width, height, _ = _jpeg_header(d, complete)
        return "jpeg", width, height
    if d[:8] == _PNG_SIGNATURE:
        return ("png",) + _png_header(d)
    if d[:2] == b"BM":
        width, height, _ = _bmp_layout(d)
        return "bmp", width, height
    if d[:4] == b"RIFF" and d[8:12] == b"WEBP":
        return ("webp",) + _webp_header(d)
    if d[:4] in (b"II*\x00", b"MM\x00*"):
        return ("tiff",) + _tiff_header(d, complete)
    if not d:
        raise BadImage("empty file")
    raise BadImage("not a JPEG, PNG, BMP, WebP or TIFF image")


_PROBE_BYTES = 256 * 1024


def check_size(width: int, height: int) -> None:
    """Refuses a size above the cap, from the header alone; raises BadImage."""
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise BadImage(
            f"too large ({width}x{height} px): images up to {MAX_SIDE:,} px a side and "
            f"{MAX_PIXELS // 1_000_000} megapixels are converted"
        )


@_one_file
def probe(image: Image) -> None:
    """Fills in kind, width and height from the file's header; raises BadImage (also for a
    size above the cap, so such a file is never decoded)."""
    try:
        with open(image.path, "rb") as f:
            head = f.read(_PROBE_BYTES)
            complete = len(head) < _PROBE_BYTES
            try:
                image.kind, image.width, image.height = _identify(head, complete)
            except _NeedMore:
                # A header bigger than usual (large EXIF or ICC data): read it all.
                image.kind, image.width, image.height = _identify(head + f.read(), True)
    except OSError as err:
        raise BadImage(f"cannot be read ({err.strerror or err})") from err
    check_size(image.width, image.height)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as err:
        raise BadImage(f"cannot be read ({err.strerror or err})") from err


def checked_bytes(image: Image) -> bytes:
    """The file's image bytes, after checking that the file is whole; raises BadImage."""
    d = _read(image.path)
    kind, width, height = _identify(d, True)
    if (kind, width, height) != (image.kind, image.width, image.height):
        raise BadImage("changed while it was being read")
    if kind == "jpeg":
        return d[: _jpeg_end(d, _jpeg_header(d, True)[2])]
    if kind == "png":
        return d[: _png_end(d)]
    if kind == "bmp":
        return _bmp_bytes(d)
    if kind == "webp":
        return d[: _webp_end(d)]
    return d  # TIFF: ffmpeg decodes it while re-encoding, and that is the check


def reencode(image: Image, target: str, ffmpeg: str = "ffmpeg") -> bytes:
    """The image as one `target` image, decoded and re-encoded by ffmpeg; raises BadImage."""
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
        # The format is what the file holds, whatever its name says; no %d patterns.
        "-f", "image2", "-pattern_type", "none", "-c:v", DECODERS[image.kind],
        "-i", "file:" + os.path.abspath(image.path),
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


@_one_file
def frame_bytes(image: Image, stream_kind: str, ffmpeg: str = "ffmpeg") -> bytes:
    data = checked_bytes(image)
    if image.kind == stream_kind:
        return data
    del data
    return reencode(image, stream_kind, ffmpeg)


def _frames(images: List[Image], first: bytes, stream_kind: str, ffmpeg: str) -> Iterator[Tuple[Image, Union[bytes, BadImage]]]:
    """Each image with its bytes for the stream (or why it is skipped), in order.

    When some frames must be re-encoded (a short ffmpeg run each), two threads prepare the
    next few frames ahead, so those runs overlap with the encoding instead of starving it.
    At most a handful of frames are held at once.
    """

    def attempt(image: Image) -> Union[bytes, BadImage]:
        try:
            return frame_bytes(image, stream_kind, ffmpeg)
        except BadImage as err:
            return err

    yield images[0], first
    rest = images[1:]
    if all(i.kind == stream_kind for i in rest):
        for image in rest:
            yield image, attempt(image)
        return
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="img2vid-prepare")
    ahead: Deque[Tuple[Image, Future]] = deque()
    queued = 0
    try:
        for _ in rest:
            while queued < len(rest) and len(ahead) < 6:
                ahead.append((rest[queued], pool.submit(attempt, rest[queued])))
                queued += 1
            image, future = ahead.popleft()
            yield image, future.result()
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
    # mkstemp adds 8 random characters; the suffix is ".partial". A long name is shortened
    # here so the temporary name still fits in NAME_MAX (the final name is checked apart).
    room = NAME_MAX - len("..") - 8 - len(".partial")
    return f".{_fit_bytes(os.path.basename(output_path), room)}."


def _umask() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


# --------------------------------------------------------------------------- convert


def _filter(width: int, height: int, fit_width: int, fit_height: int) -> str:
    # Fit inside the first image's size (a no-op for images of that size), convert to
    # BT.709 limited range (what browsers assume for HD), pad to the even size, centred.
    return (
        f"scale=w={fit_width}:h={fit_height}:force_original_aspect_ratio=decrease:flags=bicubic"
        ":out_color_matrix=bt709:out_range=tv,format=yuv420p,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
    )


def _none_readable(image_dir: str, total: int) -> str:
    skipped = "its one image file was skipped" if total == 1 else f"all {total} image files were skipped"
    return f"No readable images in {image_dir}: {skipped}"


def _stream_kind(images: List[Image]) -> str:
    """The format most frames are in, among those ffmpeg can split from a stream."""
    counts = Counter(i.kind for i in images if i.kind in STREAMABLE)
    if not counts:
        return "bmp"  # only TIFFs: BMP is the cheapest lossless carrier
    best = max(counts.values())
    return next(i.kind for i in images if counts.get(i.kind) == best)


def convert(
    image_dir: str,
    output_path: str,
    fps: int = DEFAULT_FPS,
    on_event: Optional[EventSink] = None,
    ffmpeg: str = "ffmpeg",
) -> Event:
    """Converts the images in `image_dir` into the MP4 `output_path`; returns the done event.

    on_event gets each event (start, skip, progress, done) as a dict; progress events come
    from a helper thread. Raises ConversionError (UsageError for bad arguments); a Stopped
    or KeyboardInterrupt raised meanwhile stops ffmpeg and leaves no partial file.
    """
    started = time.monotonic()
    emit: EventSink = on_event or (lambda event: None)
    fps = check_fps(fps)
    output_path = video_path(output_path)
    check_name_length(output_path)
    if not os.path.isdir(image_dir):
        what = "is not a folder" if os.path.exists(image_dir) else "does not exist"
        raise UsageError(f"The image folder {image_dir} {what}")
    if os.path.isdir(output_path):
        raise UsageError(f"The output {output_path} is a folder")

    try:
        names = list_images(image_dir)
    except OSError as err:
        raise ConversionError(f"Cannot list {image_dir}: {err.strerror or err}") from err
    if not names:
        raise ConversionError(f"No images in {image_dir}: looked for {', '.join(IMAGE_EXTENSIONS)}")
    total = len(names)

    skipped: List[Tuple[Image, str]] = []
    images: List[Image] = []
    for name in names:
        image = Image(name, os.path.join(image_dir, name))
        try:
            probe(image)
            images.append(image)
        except BadImage as err:
            skipped.append((image, str(err)))

    # The first readable image sets the size, so check it fully before starting (its
    # bytes are kept for the stream: one frame).
    stream_kind = _stream_kind(images)
    first_bytes = b""
    while images:
        try:
            first_bytes = frame_bytes(images[0], stream_kind, ffmpeg)
            break
        except BadImage as err:
            skipped.append((images.pop(0), str(err)))
    if not images:
        for image, reason in sorted(skipped, key=lambda s: natural_key(s[0].name)):
            emit({"event": "skip", "file": image.name, "reason": reason})
        raise ConversionError(_none_readable(image_dir, total))

    first = images[0]
    fit_width, fit_height = first.width, first.height
    width, height = fit_width + fit_width % 2, fit_height + fit_height % 2

    out_dir = os.path.dirname(os.path.abspath(output_path))
    try:
        os.makedirs(out_dir, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=_partial_prefix(output_path), suffix=".partial", dir=out_dir)
        os.close(fd)
    except OSError as err:
        raise ConversionError(
            f"Cannot write to {out_dir}: {err.strerror or err} (run the container with --user set to the folder's owner)"
        ) from err

    process: Optional[subprocess.Popen] = None
    threads: List[threading.Thread] = []
    done = False
    try:
        os.chmod(partial, 0o666 & ~_umask())  # mkstemp makes it private; a video is not
        emit({"event": "start", "total": total, "fps": fps, "width": width, "height": height, "output": output_path})
        for image, reason in sorted(skipped, key=lambda s: natural_key(s[0].name)):
            emit({"event": "skip", "file": image.name, "reason": reason})

        progress_read, progress_write = os.pipe()
        command = [
            ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats",
            "-progress", f"pipe:{progress_write}", "-stats_period", "0.2",
            "-f", "image2pipe", "-framerate", str(fps), "-c:v", DECODERS[stream_kind], "-i", "pipe:0",
            "-vf", _filter(width, height, fit_width, fit_height),
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-movflags", "+faststart", "-f", "mp4", "-y", partial,
        ]  # fmt: skip
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(progress_write,)
            )
        except OSError as err:
            os.close(progress_read)
            raise ConversionError(f"Cannot start ffmpeg: {err.strerror or err}") from err
        finally:
            os.close(progress_write)

        encoded = [0]
        last_reported = [(-1, total)]
        report_lock = threading.Lock()

        def report(frame: int) -> None:
            # "total" is the frames to expect: the images less those skipped so far, so a
            # progress bar reaches its end even when some files were skipped.
            with report_lock:
                now = (frame, total - len(skipped))
                if now != last_reported[0]:
                    last_reported[0] = now
                    emit({"event": "progress", "frame": frame, "total": now[1]})

        def read_progress() -> None:
            with os.fdopen(progress_read, "r", encoding="ascii", errors="replace") as lines:
                frame = 0
                for line in lines:
                    key, _, value = line.strip().partition("=")
                    if key == "frame" and value.isdigit():
                        frame = int(value)
                    elif key == "progress":
                        encoded[0] = frame
                        report(frame)

        errors: deque = deque(maxlen=20)

        def read_errors() -> None:
            assert process is not None and process.stderr is not None
            for raw in process.stderr:
                line = raw.decode("utf-8", "replace").rstrip()
                if line:
                    errors.append(line)
                    print(f"ffmpeg: {line}", file=sys.stderr, flush=True)

        threads = [threading.Thread(target=read_progress, daemon=True), threading.Thread(target=read_errors, daemon=True)]
        for thread in threads:
            thread.start()

        def finish() -> int:
            """Waits for ffmpeg and for everything it printed."""
            assert process is not None
            process.wait()
            for thread in threads:
                thread.join()
            return process.returncode

        def ffmpeg_failed() -> ConversionError:
            assert process is not None
            if process.returncode == -signal.SIGKILL:
                # The kernel's OOM killer, under the container's memory limit, most likely.
                return ConversionError("ffmpeg was killed (SIGKILL), most likely because it ran out of memory")
            detail = errors[-1] if errors else f"exit code {process.returncode}"
            return ConversionError(f"ffmpeg failed: {detail}")

        assert process.stdin is not None
        sent = 0
        frames_in_order = _frames(images, first_bytes, stream_kind, ffmpeg)
        del first_bytes
        with closing(frames_in_order):
            for image, data in frames_in_order:
                if isinstance(data, BadImage):
                    emit({"event": "skip", "file": image.name, "reason": str(data)})
                    skipped.append((image, str(data)))
                    report(encoded[0])  # one frame fewer to expect
                    continue
                try:
                    process.stdin.write(data)
                except BrokenPipeError:
                    finish()
                    raise ffmpeg_failed() from None
                del data
                sent += 1
        if sent == 0:
            raise ConversionError(_none_readable(image_dir, total))
        try:
            process.stdin.close()
        except BrokenPipeError:
            pass
        if finish() != 0:
            raise ffmpeg_failed()
        frames = encoded[0]
        if frames == 0:
            raise ConversionError("ffmpeg could not decode any of the images")
        if frames < sent:
            print(f"warning: ffmpeg decoded {frames} of the {sent} images it was given", file=sys.stderr, flush=True)
        os.replace(partial, output_path)
        done = True
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        if not done:
            try:
                os.unlink(partial)
            except OSError:
                pass

    report(frames)  # the final count, unless ffmpeg's last report already said it
    result: Event = {
        "event": "done",
        "output": output_path,
        "frames": frames,
        "skipped": len(skipped),
        "duration": round(frames / fps, 3),
        "width": width,
        "height": height,
        "fps": fps,
        "elapsed": round(time.monotonic() - started, 3),
    }
    emit(result)
    return result


# ------------------------------------------------------------------------------- CLI


class Reporter:
    """JSON lines on stdout for programs; readable lines when stdout is a terminal.
    Skips and errors also go to stderr, in both modes."""

    def __init__(self, json_lines: bool) -> None:
        self.json_lines = json_lines
        self.lock = threading.Lock()
        self.progress_shown = False

    def __call__(self, event: Event) -> None:
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

    def _say(self, event: Event) -> None:
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
    reporter: Optional[Reporter] = None

    def error(self, message: str) -> NoReturn:
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


def main(argv: Optional[List[str]] = None) -> int:
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
