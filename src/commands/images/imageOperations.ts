/**
 * Removing images, without the editor. An image with several tags is removed tag by tag
 * (the engine refuses to remove such an image by id without force, and force would also
 * pull it from under its containers); the last tag takes the image with it. A dangling
 * image has no tag and goes by id.
 */
import type { ContainerEngine, ImageSummary } from '../../engine/engine';

export interface ImageOutcome {
  image: ImageSummary;
  error?: Error;
}

export async function removeImage(engine: ContainerEngine, image: ImageSummary, signal?: AbortSignal): Promise<void> {
  if (image.repoTags.length === 0) {
    await engine.removeImage(image.id, { force: false }, signal);
    return;
  }
  for (const tag of image.repoTags) {
    await engine.removeImage(tag, { force: false }, signal);
  }
}

export async function removeImages(
  engine: ContainerEngine,
  images: readonly ImageSummary[],
  signal?: AbortSignal,
): Promise<ImageOutcome[]> {
  const settled = await Promise.allSettled(images.map((i) => removeImage(engine, i, signal)));
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? { image: images[i] }
      : { image: images[i], error: s.reason instanceof Error ? s.reason : new Error(String(s.reason)) },
  );
}
