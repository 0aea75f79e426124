"""Greet with arguments: docker run IMAGE "hello earthling " 2 -> hello earthling hello earthling"""
import re
import sys

MAX_TIMES = 1000
USAGE = f"""usage: greet GREETING TIMES

Prints GREETING TIMES times in a row (TIMES: a whole number from 1 to {MAX_TIMES}).

  docker run --rm IMAGE "hello earthling " 2
  (prints "hello earthling hello earthling ")"""


def greet(greeting: str, times: int) -> str:
    return greeting * times


def main(argv: list) -> int:
    if argv in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(argv) != 2:
        return usage_error(f"expected 2 arguments (GREETING TIMES), got {len(argv)}")
    greeting, times_text = argv
    if not re.fullmatch(r"[0-9]+", times_text) or not 1 <= int(times_text) <= MAX_TIMES:
        return usage_error(f"TIMES must be a whole number from 1 to {MAX_TIMES}, got {times_text!r}")
    print(greet(greeting, int(times_text)))
    return 0


def usage_error(message: str) -> int:
    print(f"error: {message}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
