#!/usr/bin/env bash
# Fetch pinned copies of the map's third-party JavaScript/CSS and the Natural Earth borders
# (world-atlas) into DIR.
#
#   bash scripts/fetch-assets.sh DIR        (e.g. .assets)
#   python scripts/vendor_assets.py DIR     (refresh geo/_map/vendor/ from DIR: the copies the
#                                            wheel ships and every map inlines)
#   geomap render ... --assets DIR          (inline DIR's copies instead of the packaged ones)
#
# Uses `npm pack` (only the npm registry is needed), checks each tarball's sha512 integrity
# against the registry's, and copies the dist files flat into DIR. Nothing here is committed:
# DIR is gitignored. Versions must match geo/map/assets.py (ASSETS) and geo/_map/vendor/README.md.
# A DIR/.complete file lists what was fetched, written last.
set -euo pipefail

if [[ $# -ne 1 || "$1" == -* ]]; then
    echo "usage: bash scripts/fetch-assets.sh DIR" >&2
    exit 2
fi
command -v npm >/dev/null || { echo "fetch-assets: npm is required (apt-get install -y npm)" >&2; exit 2; }

dest=$1
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
rm -f "$dest/.complete"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  then the files to copy (paths inside the package)
fetch() {
    local spec=$1; shift
    (cd "$work" && npm pack --silent "$spec" >/dev/null 2>"$work/npm.log") || {
        cat "$work/npm.log" >&2; echo "fetch-assets: npm pack $spec failed" >&2; exit 1; }
    local tgz
    tgz=$(ls "$work"/*.tgz)
    local want got
    want=$(npm view "$spec" dist.integrity 2>/dev/null || true)
    got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [[ -z "$want" ]]; then
        echo "fetch-assets: warning: no registry integrity for $spec; not checked" >&2
    elif [[ "$want" != "$got" ]]; then
        echo "fetch-assets: integrity mismatch for $spec" >&2; exit 1
    fi
    rm -rf "$work/package" && tar -xzf "$tgz" -C "$work" && rm -f "$tgz"
    local f
    for f in "$@"; do
        if [[ -d "$work/package/$f" ]]; then
            mkdir -p "$dest/$(basename "$f")"
            cp "$work/package/$f"/* "$dest/$(basename "$f")/"
        else
            cp "$work/package/$f" "$dest/"
        fi
    done
    echo "fetch-assets: $spec -> $dest"
}

fetch leaflet@1.9.4 dist/leaflet.js dist/leaflet.css dist/images LICENSE
mv "$dest/LICENSE" "$dest/LICENSE-leaflet"
fetch leaflet.markercluster@1.5.3 dist/leaflet.markercluster.js dist/MarkerCluster.css \
    dist/MarkerCluster.Default.css MIT-LICENCE.txt
mv "$dest/MIT-LICENCE.txt" "$dest/LICENSE-leaflet.markercluster"
fetch leaflet.heat@0.2.0 dist/leaflet-heat.js LICENSE
mv "$dest/LICENSE" "$dest/LICENSE-leaflet.heat"
fetch world-atlas@2.0.2 countries-50m.json LICENSE
mv "$dest/LICENSE" "$dest/LICENSE-world-atlas"
printf '%s\n' leaflet@1.9.4 leaflet.markercluster@1.5.3 leaflet.heat@0.2.0 world-atlas@2.0.2 >"$dest/.complete"
