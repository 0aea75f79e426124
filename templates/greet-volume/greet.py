"""Greet into a volume: writes the greeting to $OUTPUT_DIR/NAME.txt and first shows the
greetings already stored there, so a second run proves the first one's file outlived its
container.

    docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/output:/output" IMAGE "hello alien " 3 local_output
"""
import os
import re
import sys

OUTPUT_DIR = os.environ.get("OUTPUT_DIR", ".")
MAX_TIMES = 1000
USAGE = f"""usage: greet GREETING TIMES [NAME]

Writes GREETING, TIMES times in a row, to $OUTPUT_DIR/NAME.txt (NAME defaults to "output";
OUTPUT_DIR is {OUTPUT_DIR}), after printing the greetings already stored there.

  docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/output:/output" IMAGE "hello alien " 3 local_output"""


def greet(greeting: str, times: int) -> str:
    return greeting * times


def stored_greetings(folder: str) -> list:
    """(file name, text) of each greeting file in the folder, by name."""
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".txt") and not name.startswith(".") and os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                found.append((name, f.read()))
    return found


def main(argv: list) -> int:
    if argv in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(argv) not in (2, 3):
        return usage_error(f"expected 2 or 3 arguments (GREETING TIMES [NAME]), got {len(argv)}")
    greeting, times_text = argv[0], argv[1]
    name = argv[2] if len(argv) == 3 else "output"
    if not re.fullmatch(r"[0-9]+", times_text) or not 1 <= int(times_text) <= MAX_TIMES:
        return usage_error(f"TIMES must be a whole number from 1 to {MAX_TIMES}, got {times_text!r}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name) or name.endswith(".txt"):
        return usage_error(f'NAME must be a plain file name without ".txt" (letters, digits, ".", "_", "-"), got {name!r}')

    try:
        stored = stored_greetings(OUTPUT_DIR)
    except OSError as err:
        print(f"error: cannot read {OUTPUT_DIR}: {err.strerror}", file=sys.stderr)
        return 1
    if stored:
        print(f"Greetings already in {OUTPUT_DIR}:")
        for file_name, text in stored:
            print(f"  {file_name}: {text}")
    else:
        print(f"No greetings in {OUTPUT_DIR} yet.")

    greeting_text = greet(greeting, int(times_text))
    path = os.path.join(OUTPUT_DIR, f"{name}.txt")
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(greeting_text)
    except OSError as err:
        print(
            f"error: cannot write {path}: {err.strerror}. Mount a folder you own at {OUTPUT_DIR} "
            '(-v "$PWD/output:/output") and run as yourself (--user "$(id -u):$(id -g)").',
            file=sys.stderr,
        )
        return 1
    print(greeting_text)
    print(f"Saved to {path}")
    return 0


def usage_error(message: str) -> int:
    print(f"error: {message}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
