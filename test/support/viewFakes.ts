/**
 * Builders of engine data for the sidebar's unit tests and benchmark: a container or an
 * image with sensible defaults, overridden field by field.
 */
import { type ContainerSummary, type ImageSummary, OWNER_LABEL, OWNER_VALUE } from '../../src/engine/engine';

let counter = 0;

function hexId(seed: number): string {
  return seed.toString(16).padStart(8, '0').repeat(8);
}

export const NOW = new Date('2025-06-01T12:00:00Z');

export function aContainer(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  const n = ++counter;
  return {
    id: hexId(n),
    name: `container-${n}`,
    image: 'debian:bookworm-slim',
    imageId: `sha256:${hexId(1000 + n)}`,
    state: 'running',
    status: 'Up 3 minutes',
    ports: [],
    labels: {},
    created: new Date(NOW.getTime() - 3 * 60_000),
    ...overrides,
  };
}

export const owned = { [OWNER_LABEL]: OWNER_VALUE };

export function anImage(overrides: Partial<ImageSummary> = {}): ImageSummary {
  const n = ++counter;
  const repoTags = overrides.repoTags ?? [`example/app-${n}:latest`];
  return {
    id: `sha256:${hexId(2000 + n)}`,
    repoTags,
    size: 138_000_000,
    created: new Date(NOW.getTime() - 3 * 86_400_000),
    dangling: repoTags.length === 0,
    labels: {},
    ...overrides,
  };
}
