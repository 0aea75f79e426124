/**
 * Many distinct images, fast: one `docker load` of an archive made here, in the format
 * `docker save` writes, holding `count` image configs (each with its own label, so each has
 * its own id) over one empty layer. Seconds for a thousand images, where a thousand builds
 * or commits would take minutes; removed again with one prune by label.
 */
import * as crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

export async function loadManyImages(docker: Docker, count: number, repository: string, labels: Record<string, string>): Promise<void> {
  const layer = Buffer.alloc(1024); // an empty tar: two zero blocks
  const archive = pack();
  archive.entry({ name: 'layer/layer.tar' }, layer);
  const manifest = [];
  for (let i = 0; i < count; i++) {
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date(Date.now() - i * 60_000).toISOString(),
      config: { Labels: { ...labels, 'dev.container-workflows.bench-image': String(i) }, Cmd: ['true'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(layer)}`] },
    });
    const name = `${sha256(config)}.json`;
    archive.entry({ name }, config);
    manifest.push({ Config: name, RepoTags: [`${repository}:${i}`], Layers: ['layer/layer.tar'] });
  }
  archive.entry({ name: 'manifest.json' }, JSON.stringify(manifest));
  archive.finalize();
  const stream = await docker.loadImage(Readable.from(archive), {
    quiet: true,
  });
  let output = '';
  stream.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  if (/"error/.test(output)) throw new Error(`docker load failed: ${output.slice(0, 2000)}`);
}

/** Removes every image with this label that no container uses (one prune). */
export async function removeImagesLabelled(docker: Docker, label: string): Promise<void> {
  await docker.pruneImages({ filters: { dangling: ['false'], label: [label] } } as object);
}
