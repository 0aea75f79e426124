/**
 * Build streams recorded from the real engine (Docker 20.10, both builders), with the
 * Dockerfile each came from: test/unit/fixtures/build/<name>/{Dockerfile,stream.jsonl}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildEvent, BuildStreamDecoder } from '../../src/engine/build/buildTypes';

const fixturesDir = path.resolve(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'build');

export interface RecordedBuild {
  dockerfile: string;
  messages: unknown[];
}

export function recordedBuild(name: string): RecordedBuild {
  const dir = path.join(fixturesDir, name);
  const lines = fs
    .readFileSync(path.join(dir, 'stream.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return { dockerfile: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), messages: lines.map((l) => JSON.parse(l) as unknown) };
}

/** Every event the decoder gives for the whole stream, its end included. */
export function decodeAll(decoder: BuildStreamDecoder, messages: unknown[]): BuildEvent[] {
  return [...messages.flatMap((m) => decoder.accept(m)), ...decoder.end()];
}

export function outputText(events: BuildEvent[]): string {
  return events.map((e) => (e.kind === 'output' ? e.text : '')).join('');
}
