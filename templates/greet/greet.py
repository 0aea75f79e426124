"""The article's first container: print a greeting."""


def greet(greeting: str, times: int) -> None:
    print(greeting * times)


if __name__ == "__main__":
    greet("hello world ", 1)
