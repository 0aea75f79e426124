#!/usr/bin/env bash
# Refreshes the README's pictures from the real VS Code, not by hand: runs the e2e specs that
# take them (readmeScreenshots: the run form and the sidebar; walkthrough: the preview playing,
# reached through the walkthrough's buttons), one at a time under the machine's e2e lock, then
# shrinks each into media/readme/ (900 px wide, 128 colours) with ffmpeg.
#   bash scripts/readme-screenshots.sh        (npm run screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=${CW_E2E_LOCK:-/work/notes/e2e.lock}
shots=.test-artifacts/readme
rm -rf "$shots"
for spec in readmeScreenshots walkthrough; do
  if [ -e "$(dirname "$LOCK")" ]; then
    flock "$LOCK" env CW_TEST_ONLY="e2e/$spec\\.test" node scripts/run-tests.mjs e2e
  else
    CW_TEST_ONLY="e2e/$spec\\.test" node scripts/run-tests.mjs e2e
  fi
done
mkdir -p media/readme
for name in preview run-form sidebar; do
  [ -f "$shots/$name.png" ] || { echo "the e2e run did not take $shots/$name.png" >&2; exit 1; }
  ffmpeg -hide_banner -nostdin -loglevel error -y -i "$shots/$name.png" \
    -vf "scale=900:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=128:stats_mode=full[p];[b][p]paletteuse=dither=none" \
    -frames:v 1 "media/readme/$name.png"
  echo "media/readme/$name.png: $(du -k "media/readme/$name.png" | cut -f1) KiB"
done
