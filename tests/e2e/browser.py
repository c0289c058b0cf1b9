"""A real browser for the HTML report: headless Chromium from Debian, driven over the DevTools
protocol on a pipe (``--remote-debugging-pipe``: JSON messages separated by NUL bytes on file
descriptors 3 and 4), so the test needs no websocket or browser-automation package.

Every name resolves to nothing (``--host-resolver-rules``), so even a request that slipped through
could not leave the machine; the test still sees it as a ``Network.requestWillBeSent`` event.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = next((p for p in ("chromium", "chromium-browser") if shutil.which(p)), None)

# Elements that stick out to the right of the viewport, outside any box that scrolls by itself.
WIDER_THAN_VIEWPORT = """(() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && !scrolls(e))
      wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.right) + 'px');
  }
  return JSON.stringify({page: document.documentElement.scrollWidth, viewport: width,
                         wide: wide.slice(0, 20), images: document.images.length,
                         broken: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length});
})()"""


@dataclass
class PageVisit:
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    layout: dict = field(default_factory=dict)


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="buig-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),  # dup2-ed in the child before the exec
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(to_browser_r, 3), os.dup2(from_browser_w, 4)),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - the browser may be gone already
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, deadline: float) -> dict | None:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium stopped")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:  # fmt: skip
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise TimeoutError(method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            event = self._read(deadline)
            if event is None:
                raise TimeoutError(method)
            self.events.append(event)

    def _opened(self, path: Path, width: int, height: int, domains: tuple[str, ...]):
        """``path`` loaded in a fresh tab of ``width`` x ``height`` CSS px (a phone below 600 px),
        with the DevTools ``domains`` enabled: the tab's target and session ids."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.events.clear()
        for domain in domains:
            self.send(domain, session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session=session,
        )
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait_for("Page.loadEventFired")
        return target, session

    def visit(self, path: Path, width: int, height: int = 900) -> PageVisit:
        """Open ``path`` in a fresh tab of ``width`` CSS px; what the page logged and requested,
        and which elements stick out of the viewport."""
        target, session = self._opened(
            path, width, height, ("Runtime.enable", "Log.enable", "Network.enable", "Page.enable")
        )
        time.sleep(0.3)  # late console messages
        result = self.send(
            "Runtime.evaluate",
            {"expression": WIDER_THAN_VIEWPORT, "returnByValue": True},
            session=session,
        )
        visit = PageVisit(layout=json.loads(result["result"]["value"]))
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.console_errors.append(str(params.get("args")))
            elif method == "Runtime.exceptionThrown":
                visit.console_errors.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                visit.console_errors.append(params["entry"].get("text", ""))
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    visit.requests.append(url)
        self.send("Target.closeTarget", {"targetId": target})
        return visit

    def screenshot(self, path: Path, width: int, height: int) -> bytes:
        """The PNG of ``path`` opened in a fresh tab of ``width`` x ``height`` CSS px."""
        target, session = self._opened(path, width, height, ("Page.enable",))
        shot = self.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        self.send("Target.closeTarget", {"targetId": target})
        return base64.b64decode(shot)
