"""The seed article's img2vid, reproduced for the benchmark (bench/images/article).

Same behaviour as the article's script, defects included, because that is what is being
measured:
- every frame is decoded with cv2.imread and appended to a list before anything is
  written (memory grows with the frame count: 1920x1080x3 bytes, about 6 MB, per frame);
- the files are taken in plain sorted order, only names ending in ".jpg" (case-sensitive);
- cv2.VideoWriter with fourcc "MP4V" (MPEG-4 Part 2) writes the .mp4, at an integer fps,
  with the size of the last image read;
- a "Processing <name>" line per frame.

    python3 img2vid_article.py IMAGE_DIR OUTPUT_NAME [PREFIX [SUFFIX [FPS]]]

IMAGE_DIR is relative to $INPUT_DIR and OUTPUT_NAME to $OUTPUT_DIR, as in the article.
"""
import os
import sys

import cv2

INPUT_DIR = os.environ.get("INPUT_DIR", ".")
OUTPUT_DIR = os.environ.get("OUTPUT_DIR", ".")


def convert(image_dir, output_name="output.mp4", prefix="", suffix=".jpg", fps=5):
    folder = os.path.join(INPUT_DIR, image_dir)
    print(f"Frame directory: {folder}/")
    frames = []
    size = None
    for name in sorted(os.listdir(folder)):
        if not name.endswith(suffix) or not name.startswith(prefix):
            continue
        print(f"Processing {name}")
        frame = cv2.imread(os.path.join(folder, name))
        height, width, _ = frame.shape
        size = (width, height)
        frames.append(frame)

    if not frames:
        print(f"No images found in {folder}")
        return

    writer = cv2.VideoWriter(
        os.path.join(OUTPUT_DIR, output_name),
        cv2.VideoWriter_fourcc(*"MP4V"),
        int(fps),
        size,
    )
    for frame in frames:
        writer.write(frame)
    writer.release()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        convert(*sys.argv[1:])
    else:
        print("Usage: python3 img2vid_article.py <image_dir> <output_name>")
