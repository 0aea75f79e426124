/**
 * Which images a command acts on: the clicked row and the selection from the Images view,
 * an id or reference from another caller, else the ones the person picks (pickers/pickImage).
 */
import type { ImageSummary } from '../../engine/engine';
import type { Services } from '../../services';
import { type ImagePick, pickImages } from '../../pickers/pickImage';
import { failingAs } from '../../ui/failure';
import { findImage, imagesFromArgs } from '../shared/targets';

export async function imagesFor(services: Services, args: readonly unknown[], pick: ImagePick): Promise<ImageSummary[]> {
  const given = imagesFromArgs(args);
  const summaries = given.filter((g) => typeof g !== 'string');
  if (given.length > 0 && summaries.length === given.length) {
    return summaries;
  }
  if (given.length > 0) {
    // Ids or references from another caller: look them up for their tags.
    const all = await failingAs('Could not list images', () => services.monitor.engine.listImages({ includeDangling: true }));
    return given.map((g) => (typeof g === 'string' ? findImage(all, g) : g)).filter((i) => i !== undefined);
  }
  return pickImages(services.monitor.engine, pick);
}
