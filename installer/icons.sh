#!/usr/bin/env bash
# Regenerates every icon format from the one source drawing, assets/capstan.svg:
#   assets/icons/capstan-<N>.png  Linux desktop entry and hicolor theme sizes (jpackage takes the 256 one)
#   assets/icons/capstan.ico      Windows (.exe and .msi), sizes 16..256 in one file
#   assets/icons/capstan.icns     macOS (.app and .dmg)
#   src/main/resources/io/capstan/console/icons/capstan-<N>.png  the console window's own icon
# Needs: rsvg-convert (librsvg2-bin), convert (imagemagick), png2icns (icnsutils). The outputs are committed, so
# builds do not need these tools; run this only after changing the drawing.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "icons.sh: $tool missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 2; }
done
src=assets/capstan.svg
out=assets/icons
res=src/main/resources/io/capstan/console/icons
mkdir -p "$out" "$res"
# Rendered straight from the vector drawing at each size (not scaled down from one bitmap), so small sizes stay sharp.
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$n" --height "$n" --format png --output "$out/capstan-$n.png" "$src"
done
convert "$out"/capstan-{16,24,32,48,64,128,256}.png "$out/capstan.ico"
# png2icns picks the icns slot from each PNG's size (16, 32, 48, 128, 256, 512 and 1024 are valid).
png2icns "$out/capstan.icns" "$out"/capstan-{16,32,48,128,256,512,1024}.png >/dev/null
for n in 16 32 48 64 128 256; do cp "$out/capstan-$n.png" "$res/capstan-$n.png"; done
ls -l "$out"
