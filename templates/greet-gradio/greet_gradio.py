"""The greeting as a web app: Gradio serves a form on SERVER_NAME:SERVER_PORT."""
import os

import gradio as gr

# 0.0.0.0 in the image: the app must listen on the container's interface, not only on its
# own loopback, for `docker run -p 7860:7860` to reach it.
SERVER_NAME = os.environ.get("SERVER_NAME", "127.0.0.1")
SERVER_PORT = int(os.environ.get("SERVER_PORT", "7860"))
MAX_TIMES = 1000


def greet(greeting: str, times: float) -> str:
    if times is None or times != int(times) or not 1 <= times <= MAX_TIMES:
        raise gr.Error(f"Times must be a whole number from 1 to {MAX_TIMES}.")
    return (greeting + " ") * int(times)


interface = gr.Interface(
    fn=greet,
    inputs=[gr.Textbox(label="Greeting", value="hello world"), gr.Number(label="Times", value=2, precision=0)],
    outputs=gr.Textbox(label="Result"),
    title="Greet App",
    description="A simple app that repeats a greeting a number of times.",
    # Flagging would write a folder into the working directory, which a non-root user
    # cannot write to (and nobody reads).
    flagging_mode="never",
)

if __name__ == "__main__":
    interface.launch(server_name=SERVER_NAME, server_port=SERVER_PORT)
