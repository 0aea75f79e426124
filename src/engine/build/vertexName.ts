/**
 * BuildKit names each Dockerfile step after its stage and its place there:
 * "[linux/amd64 build 2/5] RUN make", "[stage-0 1/2] FROM …" for an unnamed stage, or
 * "[1/4] RUN …" in a one-stage file (Docker 20.10 still says "stage-0" there when a step
 * has a RUN --mount). The number is padded with spaces when there are ten or more.
 * Its own steps ("[internal] load build context", "exporting to image") have no number.
 */
export interface VertexName {
  platform?: string;
  /** The stage's name as BuildKit prints it (lower case, or "stage-N" for an unnamed one). */
  stage?: string;
  index: number;
  total: number;
  /** "RUN make", "FROM docker.io/library/debian:bookworm-slim", ... */
  command: string;
}

const vertexPattern = /^\[([^\]]*?)\s*(\d+)\/(\d+)\]\s+([\s\S]*)$/;

/** Undefined for BuildKit's own steps. */
export function parseVertexName(name: string): VertexName | undefined {
  const match = vertexPattern.exec(name.trim());
  if (!match) return undefined;
  const words = match[1].split(/\s+/).filter(Boolean);
  return {
    platform: words.find((w) => w.includes('/')),
    stage: words.find((w) => !w.includes('/')),
    index: Number(match[2]),
    total: Number(match[3]),
    command: match[4],
  };
}
