#!/bin/sh
# Rebuilds the WebP samples from the PNG sources beside this script. Needs cwebp and webpmux
# (Debian package "webp"); the tests only read the results, so this runs by hand, not in CI.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Opaque lossy picture: quadrants red, green / blue, white.
cwebp -quiet -q 95 quadrants.png -o opaque.webp
# Lossy picture with a separate alpha channel (VP8X + ALPH + VP8): left half transparent.
cwebp -quiet -q 95 -alpha_q 100 -exact halfclear.png -o alpha.webp
# Lossless (VP8L) with the same transparency.
cwebp -quiet -lossless -exact halfclear.png -o lossless.webp
# The opaque picture again, with an EXIF block (big-endian TIFF, one entry: orientation 6,
# "turn a quarter clockwise to display") that must be applied and then not survive.
printf 'Exif\000\000MM\000\052\000\000\000\010\000\001\001\022\000\003\000\000\000\001\000\006\000\000\000\000\000\000' >"$tmp/meta.exif"
webpmux -set exif "$tmp/meta.exif" opaque.webp -o exif.webp
# Two-frame animation on a 32×32 canvas: first a 16×16 lossy frame with alpha (red, bottom
# quarter transparent) at offset 8,8, then a lossless green frame over the whole canvas.
cwebp -quiet -q 95 -alpha_q 100 -exact redframe.png -o "$tmp/red.webp"
cwebp -quiet -lossless greenframe.png -o "$tmp/green.webp"
webpmux -frame "$tmp/red.webp" +100+8+8 -frame "$tmp/green.webp" +100+0+0 -o anim.webp
