#!/usr/bin/env bash
# Makes the fonts in this folder again: Debian's fonts-noto-core, cut down to the scripts the
# family's papers are written in (see README.md). Run from the project's root:
#     bash familyhub/fonts/subset.sh
# It needs apt-get and dpkg-deb (any Debian or Ubuntu machine) and the project's environment,
# whose fpdf2 brings fontTools.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && apt-get download fonts-noto-core)
dpkg-deb -x "$work"/fonts-noto-core_*.deb "$work/deb"
source_dir="$work/deb/usr/share/fonts/truetype/noto"

# Latin for names and English: Basic Latin, Latin-1, Latin Extended A, B and Additional,
# combining accents (a name typed with them stays as typed), general punctuation, the euro.
latin="U+0020-007E,U+00A0-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+FFFD"
# The whole Bengali block, the dandas it ends sentences with, the joiners that choose between
# a conjunct and a visible hasant, and the dotted circle a stray vowel sign is shown on.
bengali="U+0964-0965,U+0980-09FF,U+200C-200D,U+25CC"
# Arabic script (Arabic, Urdu, Persian, Pashto names), its supplement, the presentation forms
# older systems typed names in, and the joiners and direction marks.
arabic="U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+25CC"

subset() {
    local font="$1" unicodes="$2"
    python3 -m uv run --frozen python -m fontTools.subset "$source_dir/$font" \
        --unicodes="$unicodes" --layout-features='*' --name-IDs='*' --notdef-outline \
        --no-hinting --output-file="$here/$font"
}

for weight in Regular Bold; do
    subset "NotoSans-$weight.ttf" "$latin"
    subset "NotoSansBengali-$weight.ttf" "$bengali,U+0020,U+00A0"
    subset "NotoNaskhArabic-$weight.ttf" "$arabic,U+0020,U+00A0"
done

# The SIL Open Font License 1.1, as the package's copyright file gives it (Debian's format
# indents each line by one space and writes an empty line as " .").
{
    printf 'Noto fonts: Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.\n'
    printf 'This Font Software is licensed under the SIL Open Font License, Version 1.1.\n'
    awk '/^License: OFL-1.1$/ {on = 1; next} on && /^[^ ]/ {on = 0} on' \
        "$work/deb/usr/share/doc/fonts-noto-core/copyright" | sed -e 's/^ //' -e 's/^\.$//'
} >"$here/OFL.txt"
