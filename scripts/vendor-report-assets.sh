#!/usr/bin/env bash
# Refresh the JavaScript libraries bundled into the HTML report (pytest_agentbench/data/report/)
# from the npm registry, at the pinned versions below. The report inlines these files, so it
# opens offline; nothing is fetched at run time. Run from anywhere; needs npm and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

CHART_JS=chart.js@4.6.1
HIGHLIGHT_JS=@highlightjs/cdn-assets@11.12.0
LANGUAGES="python go php ruby java rust typescript"
dest=pytest_agentbench/data/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$CHART_JS" "$HIGHLIGHT_JS" >/dev/null)
mkdir -p "$work/chart" "$work/hljs"
tar xzf "$work"/chart.js-*.tgz -C "$work/chart"
tar xzf "$work"/highlightjs-cdn-assets-*.tgz -C "$work/hljs"

cp "$work/chart/package/dist/chart.umd.min.js" "$dest/chart.umd.min.js"
cp "$work/chart/package/LICENSE.md" "$dest/chart.js.LICENSE.md"

# highlight.js: the core (an ES module, wrapped into a classic script that sets window.hljs
# and leaks no other global)
# followed by the grammars of the languages the runners support.
python3 - "$work/hljs/package" "$dest/highlight.min.js" $LANGUAGES <<'PY'
import re, sys
from pathlib import Path
src, out, langs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
core = (src / "es/core.min.js").read_text()
core, n = re.subn(r"export\s*\{\s*(\w+)\s+as\s+default\s*\}\s*;?\s*$", r"window.hljs=\1;", core)
if n != 1:
    sys.exit("highlight.js core: the module's default export was not found")
core = "(function(){\n" + core + "\n})();"
parts = [core] + [(src / f"languages/{lang}.min.js").read_text() for lang in langs]
out.write_text("\n".join(parts) + "\n")
PY
cp "$work/hljs/package/styles/github.min.css" "$dest/highlight.github.min.css"
cp "$work/hljs/package/LICENSE" "$dest/highlight.js.LICENSE"
echo "vendored $CHART_JS and $HIGHLIGHT_JS ($LANGUAGES) into $dest"
