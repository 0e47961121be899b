#!/bin/sh
# Install SweetSpot for the current user on Linux (no administrator rights needed):
#     ./install-linux.sh              from inside the unpacked SweetSpot folder
#     ./install-linux.sh --uninstall  removes it again (your projects are not touched)
# Copies the app to ~/.local/opt/SweetSpot, puts a `SweetSpot` command in ~/.local/bin, and
# adds the menu entry, the icon and the .sweetspot file type. (Not under ~/.local/share/SweetSpot:
# that is where the app keeps its logs and recovery copies, which uninstalling must not touch.)
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
DEST="$HOME/.local/opt/SweetSpot"
BIN="$HOME/.local/bin"

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$DEST"
  rm -f "$BIN/SweetSpot" "$DATA/applications/sweetspot.desktop" "$DATA/mime/packages/sweetspot-mime.xml"
  for size in 16 24 32 48 64 128 256 512; do
    rm -f "$DATA/icons/hicolor/${size}x${size}/apps/sweetspot.png"
  done
  rm -f "$DATA/icons/hicolor/scalable/apps/sweetspot.svg"
  refresh
  echo "SweetSpot removed (your projects, logs and recovery copies are kept)."
  exit 0
fi

[ -x "$HERE/SweetSpot" ] || { echo "Run this from the unpacked SweetSpot folder." >&2; exit 1; }
RES="$HERE/_internal/resources"
if [ "$HERE" != "$DEST" ]; then
  rm -rf "$DEST"
  mkdir -p "$DEST"
  cp -a "$HERE/." "$DEST/"
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/mime/packages"
ln -sf "$DEST/SweetSpot" "$BIN/SweetSpot"
sed -e "s|^Exec=SweetSpot|Exec=\"$DEST/SweetSpot\"|" -e "s|^TryExec=SweetSpot|TryExec=$DEST/SweetSpot|" \
  "$RES/sweetspot.desktop" > "$DATA/applications/sweetspot.desktop"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$RES/sweetspot-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/sweetspot.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$RES/sweetspot.svg" "$DATA/icons/hicolor/scalable/apps/sweetspot.svg"
cp "$RES/sweetspot-mime.xml" "$DATA/mime/packages/sweetspot-mime.xml"
refresh
echo "SweetSpot installed: find it in the applications menu, or run $BIN/SweetSpot"
