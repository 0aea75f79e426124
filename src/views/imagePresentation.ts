/**
 * How an image looks in the Images view: `repository:tag`, size and age, and whether
 * dangling images (no tag left) are shown. Pure (no `vscode`), like containerPresentation.
 */
import type { ImageSummary } from '../engine/engine';
import { formatSize } from '../util/formatSize';
import { escapeMarkdown, formatAge, shortId } from './format';

export interface ImageView {
  image: ImageSummary;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  /** `image`, or `image.dangling`: menus match `/^image/`. */
  contextValue: string;
}

/** The tags in a stable order, so the first one (the label) does not jump between refreshes. */
export function sortedTags(image: ImageSummary): string[] {
  return [...image.repoTags].sort((a, b) => a.localeCompare(b));
}

/** `repository:tag`; a dangling image is `<none>` and its short id. */
export function imageLabel(image: ImageSummary): string {
  const tags = sortedTags(image);
  return tags[0] ?? `<none> ${shortId(image.id)}`;
}

/** "302 MB · 3 days ago", plus "+2 tags" when the image has more names than its label. */
export function imageDescription(image: ImageSummary, now: Date = new Date()): string {
  const parts = [formatSize(image.size), formatAge(image.created, now)];
  const more = image.repoTags.length - 1;
  if (more > 0) parts.push(`+${more} tag${more === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function imageTooltip(image: ImageSummary, now: Date = new Date()): string {
  const tags = sortedTags(image);
  const lines = [
    `**${escapeMarkdown(imageLabel(image))}** \`${shortId(image.id)}\``,
    '',
    `Size: ${formatSize(image.size)}`,
    '',
    `Created: ${formatAge(image.created, now)}`,
  ];
  if (tags.length > 1) {
    lines.push('', `Tags: ${tags.map(escapeMarkdown).join(', ')}`);
  }
  if (image.dangling) {
    lines.push('', '_Dangling: no tag points to it any more_');
  }
  return lines.join('\n');
}

export function imageContextValue(image: ImageSummary): string {
  return image.dangling ? 'image.dangling' : 'image';
}

export function describeImage(image: ImageSummary, now: Date = new Date()): ImageView {
  return {
    image,
    label: imageLabel(image),
    description: imageDescription(image, now),
    tooltip: imageTooltip(image, now),
    contextValue: imageContextValue(image),
  };
}

/** Dangling images are hidden unless asked for; tagged ones sorted by name, dangling last. */
export function visibleImages(images: readonly ImageSummary[], showDangling: boolean, now: Date = new Date()): ImageView[] {
  return images
    .filter((i) => showDangling || !i.dangling)
    .map((i) => describeImage(i, now))
    .sort((a, b) => Number(a.image.dangling) - Number(b.image.dangling) || a.label.localeCompare(b.label));
}

/** The image picker's rows: tagged images, newest first, each as the Images view shows it. */
export function imagePickItems(
  images: readonly ImageSummary[],
  now: Date = new Date(),
): { label: string; description: string; image: ImageSummary }[] {
  return images
    .filter((i) => !i.dangling)
    .sort((a, b) => b.created.getTime() - a.created.getTime())
    .map((image) => ({ label: imageLabel(image), description: imageDescription(image, now), image }));
}
