"""A stand-in for the `gradio` package, for testing the Gradio templates' own code where
PyPI cannot be reached (gradio is not packaged by Debian, so it cannot be installed here).

It records what an app declares (its components, their arguments, the event wiring, the
progress it reports) and lets a driver call the app's handlers directly. It does not
serve pages or check Gradio's API: that is what the real-Gradio tests in
test/integration/templates.test.ts do, and they run wherever PyPI answers.
"""
import os
from typing import Any, Dict, List, Optional

# Every component, in the order the app made it.
created: List["Component"] = []
# Every `.click(...)` wiring: (fn, inputs, outputs).
clicks: List[Dict[str, Any]] = []
launched: List[Dict[str, Any]] = []
_open_layouts: List["Layout"] = []


class Error(Exception):
    """gr.Error: the message Gradio shows the user in the page."""


class Component:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.kind = type(self).__name__
        self.args = args
        self.kwargs = kwargs
        self.parent = _open_layouts[-1].kind if _open_layouts else None
        created.append(self)

    def click(self, fn: Any, inputs: Optional[list] = None, outputs: Optional[list] = None, **kwargs: Any) -> None:
        clicks.append({"fn": fn, "inputs": inputs or [], "outputs": outputs or [], "kwargs": kwargs})

    def describe(self) -> Dict[str, Any]:
        return {"kind": self.kind, "args": list(self.args), "kwargs": self.kwargs, "parent": self.parent}


class Layout(Component):
    def __enter__(self) -> "Layout":
        _open_layouts.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _open_layouts.pop()

    def launch(self, **kwargs: Any) -> None:
        launched.append(kwargs)
        if os.environ.get("GRADIO_STANDIN_SERVE"):
            _serve(self, kwargs)


class Blocks(Layout):
    pass


class Row(Layout):
    pass


class Column(Layout):
    pass


class Interface(Layout):
    pass


class File(Component):
    pass


class Slider(Component):
    pass


class Button(Component):
    pass


class Video(Component):
    pass


class DownloadButton(Component):
    pass


class Markdown(Component):
    pass


class Textbox(Component):
    pass


class Number(Component):
    pass


class Progress:
    """gr.Progress: records each call as (fraction, desc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.calls: List[Dict[str, Any]] = []

    def __call__(self, progress: float, desc: Optional[str] = None, **kwargs: Any) -> None:
        self.calls.append({"progress": progress, "desc": desc})


def _serve(app: "Layout", kwargs: Dict[str, Any]) -> None:
    """With GRADIO_STANDIN_SERVE set, launch() answers HTTP where real Gradio would listen,
    with a page naming the app's title: enough to prove the container's ports, network and
    address (not Gradio's own page, which needs the real package)."""
    import html
    import signal
    import sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    title = str(app.kwargs.get("title", ""))
    page = f"<!doctype html><title>{html.escape(title)}</title><p>gradio stand-in serving {html.escape(title)}</p>".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((kwargs.get("server_name") or "127.0.0.1", int(kwargs.get("server_port") or 7860)), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"stand-in serving {title!r} on {server.server_address}", flush=True)
    server.serve_forever()
