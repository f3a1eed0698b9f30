#!/usr/bin/env python3
"""tierlens — the finishing touches of dist/ (called by build-wasm.sh after it copies the files):

  1. a build id: a hash of every file the page is made of, written into dist/build.json, the page's
     <meta name="tierlens-build"> and the service worker (web/sw.js), whose cache is named after it;
  2. dist/tierlens.html: the whole app as one self-contained file (scripts inline, app.wasm as base64),
     which works when opened from disk (file://) — nothing is fetched, so its Content-Security-Policy
     refuses every connection.

usage: scripts/dist_extras.py DIST_DIR
"""
import base64
import hashlib
import json
import pathlib
import sys

PLACEHOLDER = "__TIERLENS_BUILD__"
PAGE_FILES = ["index.html", "glyphs.js", "host.js", "app.js", "app.wasm", "sw.js"]
SINGLE_FILE_CSP = ("default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:; worker-src blob:; "
                   "connect-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")


def script_text(js: str) -> str:
    # an inline <script> ends at the first "</script": keep JS from closing it early
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def main() -> int:
    dist = pathlib.Path(sys.argv[1])
    h = hashlib.sha256()
    for name in PAGE_FILES:
        h.update(name.encode() + b"\0" + (dist / name).read_bytes() + b"\0")
    build = h.hexdigest()[:12]

    index = (dist / "index.html").read_text(encoding="utf-8")
    if PLACEHOLDER not in index:
        raise SystemExit("dist_extras.py: index.html has no build placeholder")
    index = index.replace(PLACEHOLDER, build)
    (dist / "index.html").write_text(index, encoding="utf-8")
    sw = (dist / "sw.js").read_text(encoding="utf-8").replace(PLACEHOLDER, build)
    (dist / "sw.js").write_text(sw, encoding="utf-8")

    # the single file: the same page, scripts inline, the wasm as base64 that host.js decodes itself
    page = index
    csp_start = page.index('content="', page.index('http-equiv="Content-Security-Policy"')) + len('content="')
    csp_end = page.index('"', csp_start)
    page = page[:csp_start] + SINGLE_FILE_CSP + page[csp_end:]
    for name in ["glyphs.js", "host.js"]:
        tag = f'<script src="{name}"></script>'
        if tag not in page:
            raise SystemExit(f"dist_extras.py: index.html has no {tag}")
        page = page.replace(tag, "<script>" + script_text((dist / name).read_text(encoding="utf-8")) + "</script>")
    app_tag = '<script src="app.js" async></script>'
    if app_tag not in page:
        raise SystemExit(f"dist_extras.py: index.html has no {app_tag}")
    wasm_b64 = base64.b64encode((dist / "app.wasm").read_bytes()).decode("ascii")
    embedded = (
        '<script type="application/octet-stream" id="tl-wasm">' + wasm_b64 + "</script>\n"
        "<script>window.tierlensEmbedded = {\n"
        "  wasm() { const s = atob(document.getElementById('tl-wasm').textContent); const b = new Uint8Array(s.length);\n"
        "           for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return b; },\n"
        "  appJs() { return document.getElementById('tl-app').textContent; },\n"
        "};</script>\n"
        '<script id="tl-app">' + script_text((dist / "app.js").read_text(encoding="utf-8")) + "</script>")
    page = page.replace(app_tag, embedded)
    (dist / "tierlens.html").write_text(page, encoding="utf-8")

    files = {p.name: p.stat().st_size for p in sorted(dist.iterdir()) if p.is_file() and p.name != "build.json"}
    (dist / "build.json").write_text(json.dumps({"build": build, "files": files}, indent=2) + "\n", encoding="utf-8")
    print(f"dist/: build {build}; tierlens.html {files['tierlens.html']} B (one self-contained file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
