#!/usr/bin/env python3
"""Opens the pages of `newsgraph render --out FILE.html` in headless Chromium
and checks them as a user would: the graph drew, clicking an actor or a line
shows the sentences behind it, search and filters work, and a hostile graph
(names and sentences holding HTML and script) shows as text and runs nothing.

Chromium is driven over the DevTools protocol through a pipe
(--remote-debugging-pipe: NUL-separated JSON on file descriptors 3 and 4),
so no port is opened and nothing beyond the standard library is needed.

Usage: check_html.py --bin target/release/newsgraph --graph out/graph.json
                     --hostile tests/fixtures/hostile-html.json
                     [--chromium /usr/bin/chromium] [--screenshot shot.png]
Prints one line per check and a final `N passed, N failed`; exits 1 when a
check failed.
"""

import argparse
import base64
import fcntl
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print(("ok   - " if ok else "FAIL - ") + name + ("" if ok or not detail else ": " + str(detail)[:600]))
    sys.stdout.flush()


class Chromium:
    """A headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, binary, profile):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # Park the child's ends above 9 so that dup2 to 3 and 4 cannot clobber them.
        hi_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def child_fds():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-pipe",
            "--window-size=1400,900", "about:blank",
        ]
        self.proc = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(hi_r)
        os.close(hi_w)
        self.out = os.fdopen(to_child_w, "wb", buffering=0)
        self.inp = os.fdopen(from_child_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read_message(self):
        while b"\0" not in self.buf:
            chunk = self.inp.read(65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(method + ": " + json.dumps(m["error"]))
                return m.get("result", {})
            self._event(m)

    def _event(self, m):
        if "method" not in m:
            return
        self.events.append(m)
        if m["method"] == "Page.javascriptDialogOpening":
            # Close it so the page does not hang; the event is kept as a failure.
            self.out.write(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog",
                                       "params": {"accept": False},
                                       "sessionId": m.get("sessionId")}).encode() + b"\0")

    def wait_event(self, method, timeout=20):
        deadline = time.time() + timeout
        seen = len(self.events)
        while time.time() < deadline:
            for m in self.events[seen:]:
                if m["method"] == method:
                    return m
            seen = len(self.events)
            self._event(self._read_message())
        raise RuntimeError("timed out waiting for " + method)

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.events = []
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        # Injected by DevTools, so the page's CSP does not block it: records
        # any CSP violation, which would mean something tried to run.
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', function (e) {
              window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
            });"""})
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("evaluating " + expr[:80] + ": " + json.dumps(r["exceptionDetails"])[:400])
        return r["result"].get("value")

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        time.sleep(0.15)

    def type_and_enter(self, text):
        self.send("Input.insertText", {"text": text})
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                 "windowsVirtualKeyCode": 13, "text": "\r"})
        time.sleep(0.4)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def exceptions(browser):
    return [e["params"]["exceptionDetails"].get("exception", {}).get("description", "")
            or e["params"]["exceptionDetails"].get("text", "")
            for e in browser.events if e["method"] == "Runtime.exceptionThrown"]


def dialogs(browser):
    return [e["params"].get("message") for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]


def wait_for_graph(browser):
    deadline = time.time() + 30
    while time.time() < deadline:
        if browser.eval("!!(window.newsgraph && window.newsgraph.cy)"):
            return True
        time.sleep(0.1)
    return False


NON_BLANK = """(function () {
  var painted = 0;
  document.querySelectorAll('#cy canvas').forEach(function (c) {
    if (!c.width || !c.height) return;
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (var i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) painted++;
    }
  });
  return painted;
}())"""

# The page position of an element's centre (a node) or midpoint (an edge).
WHERE = """(function (id) {
  var cy = window.newsgraph.cy, e = cy.getElementById(id);
  var p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();
  var r = cy.container().getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}(%s))"""

# Edges whose midpoint lies on no node and is inside the view, widest first.
CLEAR_EDGES = """(function () {
  var cy = window.newsgraph.cy, w = cy.width(), h = cy.height(), out = [];
  cy.edges().forEach(function (e) {
    if (e.hasClass('hidden')) return;
    var m = e.renderedMidpoint();
    if (m.x < 10 || m.y < 10 || m.x > w - 10 || m.y > h - 10) return;
    var onNode = cy.nodes().some(function (n) {
      var b = n.renderedBoundingBox();
      return m.x >= b.x1 - 4 && m.x <= b.x2 + 4 && m.y >= b.y1 - 4 && m.y <= b.y2 + 4;
    });
    if (!onNode) out.push(e.id());
  });
  return out;
}())"""


def details(browser):
    return browser.eval("document.getElementById('details').innerText")


def heading(browser):
    return browser.eval("(document.querySelector('#details h2') || {}).textContent || ''")


def edge_title(data, e):
    label = {n["id"]: n["label"] for n in data["nodes"]}
    return label.get(e["source"], e["source"]) + " " + e["label"] + " " + label.get(e["target"], e["target"])


def page_data(browser):
    return browser.eval("window.newsgraph.data")


def check_seeds(browser, url, graph, shot):
    browser.open(url)
    check("seeds page: the graph library and view loaded", wait_for_graph(browser))
    time.sleep(0.5)
    data = page_data(browser)
    # Every actor that takes part in a relation, negated ones included, is a node.
    drawn = {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]}
    count = browser.eval("window.newsgraph.cy.nodes().length")
    check("seeds page: one node per actor in a relation", count == len(drawn) and count > 0,
          "%s nodes, %s expected" % (count, len(drawn)))
    check("seeds page: one line per relation",
          browser.eval("window.newsgraph.cy.edges().length") == len(graph["edges"]))
    painted = browser.eval(NON_BLANK)
    check("seeds page: the canvas is not blank", painted > 2000, "%s painted pixels" % painted)
    if shot:
        browser.screenshot(shot)

    # Click the actor with the most relations.
    degree = {}
    for e in data["edges"]:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
    hub_id = max(sorted(degree), key=lambda k: degree[k])
    hub = next(n for n in data["nodes"] if n["id"] == hub_id)
    x, y = browser.eval(WHERE % json.dumps(hub["cid"]))
    browser.click(x, y)
    text = details(browser)
    visible = [e for e in data["edges"] if hub_id in (e["source"], e["target"]) and e["certainty"] != "negated"]
    sample = visible[0]["evidence"][0]
    if shot:
        browser.screenshot(shot.replace(".png", "-clicked.png"))
    check("seeds page: clicking an actor shows its name", heading(browser) == hub["label"],
          "heading %r, wanted %r" % (heading(browser), hub["label"]))
    check("seeds page: clicking an actor shows its evidence sentences with document",
          sample["text"] in text and ("document " + sample["document"]) in text, text[:300])
    # Sentences count from 0 on the page as in the JSON graph (issue 17).
    shown = set(re.findall(r"document (\S+)(?: \([^)]*\))? · sentence (\d+)", text))
    known = {(v["document"], str(v["sentence"])) for e in visible for v in e["evidence"]}
    check("seeds page: the evidence's sentence number is the JSON graph's",
          shown and shown <= known and (sample["document"], str(sample["sentence"])) in shown,
          "shown %s" % sorted(shown - known)[:5])
    speakers = [v for e in visible for v in e["evidence"] if v.get("speaker")]
    if speakers:
        check("seeds page: evidence names its speaker", ("said by " + speakers[0]["speaker"]) in text)

    # Click a line.
    clear = browser.eval(CLEAR_EDGES)
    clicked = None
    for cid in clear[:8]:
        edge = next(e for e in data["edges"] if e.get("cid") == cid)
        x, y = browser.eval(WHERE % json.dumps(cid))
        browser.click(x, y)
        if heading(browser) == edge_title(data, edge):
            clicked = edge
            break
    check("seeds page: clicking a line selects that relation", clicked is not None,
          "%d candidate lines, heading now %r" % (len(clear), heading(browser)))
    if clicked:
        text = details(browser)
        check("seeds page: clicking a line shows every evidence sentence of it",
              all(v["text"] in text and ("document " + v["document"]) in text for v in clicked["evidence"]),
              text[:300])

    # Search.
    target = sorted(data["nodes"], key=lambda n: (-n["mentions"], n["id"]))[-1]
    browser.eval("document.getElementById('search').focus()")
    browser.type_and_enter(target["label"].lower())
    selected = browser.eval("window.newsgraph.cy.$(':selected').map(function (e) { return e.id(); })")
    check("seeds page: searching an actor selects it and shows it",
          selected == [target["cid"]] and heading(browser) == target["label"],
          "selected %r, heading %r, wanted %r" % (selected, heading(browser), target["label"]))
    browser.eval("document.getElementById('search').value = ''")
    browser.type_and_enter("zzqx no such actor")
    check("seeds page: a search that finds nothing says so",
          "no actor matches" in browser.eval("document.getElementById('status').textContent"))

    # Filters: a real click on a relation's checkbox hides its lines.
    relation = max(sorted({e["relation"] for e in data["edges"]}),
                   key=lambda r: sum(1 for e in data["edges"] if e["relation"] == r))
    hidden_of = ("window.newsgraph.cy.edges().filter(function (e) { return e.hasClass('hidden') && "
                 "window.newsgraph.data.edges[+e.id().slice(1)].relation === %s; }).length" % json.dumps(relation))
    before = browser.eval(hidden_of)
    x, y = browser.eval("""(function () {
      var b = document.querySelector('#relation-filter input[value=%s]');
      b.scrollIntoView(); var r = b.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];
    }())""" % json.dumps(relation))
    browser.click(x, y)
    after = browser.eval(hidden_of)
    total = sum(1 for e in data["edges"] if e["relation"] == relation)
    check("seeds page: unticking a relation hides its lines", after == total and before < total,
          "%s: %s hidden before, %s after, of %s" % (relation, before, after, total))
    browser.click(x, y)
    negated = sum(1 for e in data["edges"] if e["certainty"] == "negated")
    hidden_negated = ("window.newsgraph.cy.edges().filter(function (e) { return e.hasClass('hidden') && "
                      "window.newsgraph.data.edges[+e.id().slice(1)].certainty === 'negated'; }).length")
    check("seeds page: negated relations are hidden until asked for", browser.eval(hidden_negated) == negated)
    browser.eval("document.querySelector('#certainty-filter input[value=hedged]').click()")
    hedged_shown = browser.eval("window.newsgraph.cy.edges('[certainty = \"hedged\"]').filter(function (e) "
                                "{ return !e.hasClass('hidden'); }).length")
    check("seeds page: unticking `hedged` hides hedged lines", hedged_shown == 0)
    check("seeds page: no script error", not exceptions(browser), exceptions(browser))
    check("seeds page: no content-security-policy violation", browser.eval("window.__violations") == [],
          browser.eval("window.__violations"))


def check_hostile(browser, url, fixture, label):
    browser.open(url)
    check(label + ": the page loaded", wait_for_graph(browser))
    time.sleep(0.5)
    data = page_data(browser)
    # Click every node and line: the payloads are on screen as text now.
    for n in data["nodes"]:
        x, y = browser.eval(WHERE % json.dumps(n["cid"]))
        browser.click(x, y)
        if heading(browser) != n["label"]:
            browser.eval("window.newsgraph.select(window.newsgraph.cy.getElementById(%s))" % json.dumps(n["cid"]))
        check(label + ": the name shows as text: " + n["label"][:40], heading(browser) == n["label"],
              "heading %r" % heading(browser))
    browser.eval("document.querySelector('#certainty-filter input[value=negated]').click()")
    for e in data["edges"]:
        browser.eval("window.newsgraph.select(window.newsgraph.cy.getElementById(%s))" % json.dumps(e["cid"]))
        text = browser.eval("document.getElementById('details').textContent")
        check(label + ": the evidence shows as text: " + e["key"][:40],
              all(v["text"] in text for v in e["evidence"]), text[:200])
    browser.eval("document.getElementById('search').focus()")
    browser.type_and_enter("<img src=x onerror=")
    injected = browser.eval("document.querySelectorAll('body img, body svg, body iframe, body object, "
                            "#details script, header script, aside script').length")
    check(label + ": no element was made from the data", injected == 0, injected)
    check(label + ": no payload ran (window.__pwned unset)",
          browser.eval("typeof window.__pwned") == "undefined")
    check(label + ": no dialog opened", not dialogs(browser), dialogs(browser))
    check(label + ": nothing tried to run (no CSP violation)", browser.eval("window.__violations") == [],
          browser.eval("window.__violations"))
    check(label + ": no script error", not exceptions(browser), exceptions(browser))
    names = {n["label"] for n in fixture["nodes"]}
    title = browser.eval("document.title")
    check(label + ": the page title is text", "<" not in title or any(nm in title for nm in names), title)


def render(binary, graph, out, *extra):
    r = subprocess.run([binary, "render", "--graph", graph, "--out", out, *extra],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("render failed: " + r.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--graph", required=True)
    ap.add_argument("--hostile", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--screenshot")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="newsgraph-browser-")
    browser = None
    try:
        seeds = os.path.join(work, "seeds.html")
        render(args.bin, args.graph, seeds)
        hostile = os.path.join(work, "hostile.html")
        render(args.bin, args.hostile, hostile)
        hostile_focus = os.path.join(work, "hostile-focus.html")
        render(args.bin, args.hostile, hostile_focus, "--focus", "script-man")
        with open(args.graph) as f:
            graph = json.load(f)
        with open(args.hostile) as f:
            fixture = json.load(f)
        browser = Chromium(args.chromium, os.path.join(work, "profile"))
        version = browser.send("Browser.getVersion", session=False).get("product", "?")
        print("browser: " + version)
        check_seeds(browser, "file://" + seeds, graph, args.screenshot)
        check_hostile(browser, "file://" + hostile, fixture, "hostile page")
        check_hostile(browser, "file://" + hostile_focus, fixture, "hostile ego page")
        title = browser.eval("document.title")
        check("hostile ego page: the focus name in the title is text",
              title.startswith("newsgraph: <script>window.__pwned=1;alert(1)</script>: ego network"), title)
    except Exception as e:  # a crash is a failed check, not a silent pass
        check("the browser checks ran to the end", False, repr(e))
    finally:
        if browser:
            browser.close()
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(RESULTS)
    failed = len(RESULTS) - passed
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not RESULTS else 0


if __name__ == "__main__":
    sys.exit(main())
