"""Drives templates/greet-gradio/greet_gradio.py against the gradio stand-in; prints one
JSON object with what it found, for the test to check."""
import json

import gradio as gr
import greet_gradio as app

result = {}
interface = [c for c in gr.created if c.kind == "Interface"]
result["interfaces"] = [
    {k: v for k, v in c.kwargs.items() if k in ("title", "description", "flagging_mode")} for c in interface
]
result["fn_is_greet"] = bool(interface) and interface[0].kwargs.get("fn") is app.greet
result["inputs"] = [c.kind for c in interface[0].kwargs.get("inputs", [])] if interface else []
result["launched_on_import"] = len(gr.launched)
result["server"] = [app.SERVER_NAME, app.SERVER_PORT]
result["greet"] = app.greet("hello world", 2)
result["greet_float_whole"] = app.greet("hi", 3.0)

refused = {}
for label, times in [("zero", 0), ("fraction", 1.5), ("none", None), ("too_many", app.MAX_TIMES + 1)]:
    try:
        app.greet("hi", times)
        refused[label] = None
    except gr.Error as err:
        refused[label] = str(err)
result["refused"] = refused
print(json.dumps(result))
