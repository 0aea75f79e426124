/**
 * Pull, push, tag and the login check for FakeEngine: images appear in and are tagged in
 * its list; a test queues failures (`failNext`) and holds a transfer part-way (`hold`) to
 * cancel it; every call is recorded with its credential, so a test sees what was sent.
 */
import type { ImageSummary } from '../../src/engine/engine';
import { CancelledError, EngineRequestError } from '../../src/engine/errors';
import type { RegistryCredential } from '../../src/engine/registry/credentials';
import type { TransferSnapshot } from '../../src/engine/registry/transferProgress';
import type { ImageTransfer, LoginCheck, PullResult, PushResult, TransferOptions } from '../../src/engine/registry/transferTypes';

type TransferCall = 'pull' | 'push' | 'tag' | 'checkLogin';

export const fakeDigest = `sha256:${'d'.repeat(64)}`;

const snapshot: TransferSnapshot = {
  layers: [{ id: 'aaaa', phase: 'done', status: 'Pull complete', current: 4096, total: 4096 }],
  layersDone: 1,
  layersExisting: 0,
  bytesDone: 4096,
  bytesTotal: 4096,
};

export class FakeTransfer implements ImageTransfer {
  readonly sent: { call: TransferCall; reference: string; credential?: RegistryCredential }[] = [];
  private readonly failures = new Map<TransferCall, Error[]>();
  private held: Promise<void> | undefined;

  constructor(private readonly images: () => ImageSummary[]) {}

  /** The next `call` rejects with `err` (queued: one failure a call). */
  failNext(call: TransferCall, err: Error): void {
    this.failures.set(call, [...(this.failures.get(call) ?? []), err]);
  }

  /** Pull and push wait, after their first progress, until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  private failure(call: TransferCall): Error | undefined {
    return this.failures.get(call)?.shift();
  }

  private async progress(options: TransferOptions): Promise<void> {
    options.onProgress?.(snapshot);
    if (this.held) {
      const held = this.held;
      await new Promise<void>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
        void held.then(resolve);
      });
    }
    if (options.signal?.aborted) throw new CancelledError();
  }

  async pull(reference: string, options: TransferOptions = {}): Promise<PullResult> {
    this.sent.push({ call: 'pull', reference, credential: options.credential });
    const failure = this.failure('pull');
    if (failure) throw failure;
    await this.progress(options);
    const name = reference.includes(':') && !reference.endsWith(':') ? reference : `${reference}:latest`;
    if (!this.images().some((i) => i.repoTags.includes(name))) {
      this.images().push({
        id: `sha256:${'e'.repeat(64)}`,
        repoTags: [name],
        size: 4096,
        created: new Date(0),
        dangling: false,
        labels: {},
      });
    }
    return { reference: name, digest: fakeDigest, snapshot };
  }

  async push(reference: string, options: TransferOptions = {}): Promise<PushResult> {
    this.sent.push({ call: 'push', reference, credential: options.credential });
    const failure = this.failure('push');
    if (failure) throw failure;
    await this.progress(options);
    return { reference, digest: fakeDigest, size: 525, snapshot };
  }

  tag(source: string, target: string, signal?: AbortSignal): Promise<string> {
    this.sent.push({ call: 'tag', reference: `${source} -> ${target}` });
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const failure = this.failure('tag');
    if (failure) return Promise.reject(failure);
    const image = this.images().find((i) => i.id === source || i.repoTags.includes(source));
    if (!image) return Promise.reject(new EngineRequestError(`No such image: ${source}`, 404));
    if (!image.repoTags.includes(target)) image.repoTags.push(target);
    return Promise.resolve(target);
  }

  checkLogin(credential: RegistryCredential, signal?: AbortSignal): Promise<LoginCheck> {
    this.sent.push({ call: 'checkLogin', reference: credential.registry, credential });
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const failure = this.failure('checkLogin');
    return failure ? Promise.reject(failure) : Promise.resolve({ status: 'Login Succeeded' });
  }
}
