# A local stand-in for the official python:3.11-slim, for machines without Docker Hub.
# Debian bookworm's python3 is 3.11; it is made to look like the official image where the
# templates care: `python` and `pip` on PATH, pip allowed to install into the system.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip ca-certificates \
 && rm -rf /var/lib/apt/lists/* /usr/lib/python3*/EXTERNALLY-MANAGED \
 && ln -s /usr/bin/python3 /usr/local/bin/python \
 && ln -s /usr/bin/pip3 /usr/local/bin/pip
ENV LANG=C.UTF-8
LABEL dev.container-workflows.stand-in="python:3.11-slim built locally from Debian bookworm packages"
CMD ["python3"]
