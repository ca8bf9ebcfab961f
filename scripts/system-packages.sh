#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, if any are missing
# (with --bench, also the benchmark's).
# As root this runs apt-get; otherwise it prints the exact command and fails, so that
# `make run` / `make test` never half-work on a machine without them.
set -euo pipefail

PACKAGES=(
  python3-venv     # the project's virtual environment
  graphviz         # route-map diagrams (dot)
  gettext          # msgfmt --check on every translation catalog
  poppler-utils    # pdffonts / pdftotext / pdftoppm to check generated PDFs
  fonts-noto-core  # Latin (Welsh diacritics), Arabic, Ethiopic... for pages and PDFs
  fonts-noto-cjk   # Chinese
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint's text layout
  chromium         # real-browser tests (driven by Playwright)
  redis-server     # shared rate-limit storage, tested against a real server
)
# `--bench`: also what `make bench` needs (not the tests).
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(wrk)  # HTTP load generator
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "These system packages are missing: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
