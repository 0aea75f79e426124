#!/usr/bin/env bash
# Renders media/icon.svg to media/icon.png (128×128, the Marketplace's size) with ffmpeg's
# librsvg decoder, so the listing's icon is made here from a source anyone can edit.
#   bash scripts/make-icon.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed (apt-get install ffmpeg)" >&2; exit 1; }
ffmpeg -hide_banner -nostdin -loglevel error -y -width 128 -height 128 -i media/icon.svg -frames:v 1 -pix_fmt rgba media/icon.png
echo "media/icon.png: $(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x media/icon.png)"
