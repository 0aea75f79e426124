/**
 * What pull, push, tag and the login check take and give, in the project's terms; and
 * ImageTransfer, the part of the engine interface they make up (ContainerEngine extends it;
 * engine/dockerodeTransfer.ts implements it).
 */
import type { RegistryCredential } from './credentials';
import type { TransferSnapshot } from './transferProgress';

export interface TransferOptions {
  /** Sent to the registry through the engine; none: anonymous. */
  credential?: RegistryCredential;
  /** Called whenever a layer's progress changes. */
  onProgress?: (snapshot: TransferSnapshot) => void;
  /** Aborts the engine call (the engine then stops the transfer). */
  signal?: AbortSignal;
}

export interface PullResult {
  /** The reference pulled, as people write it ("127.0.0.1:5000/you/app:1.0"). */
  reference: string;
  /** The manifest digest the registry served. */
  digest?: string;
  snapshot: TransferSnapshot;
}

export interface PushResult {
  reference: string;
  /** The digest the registry gave the pushed manifest: name@digest pulls exactly this. */
  digest: string;
  size?: number;
  snapshot: TransferSnapshot;
}

export interface LoginCheck {
  /** The engine's words: "Login Succeeded". */
  status: string;
  /** Some registries answer with a token to use instead of the password. */
  identityToken?: string;
}

/** The engine calls of issue 13; every one takes an AbortSignal. */
export interface ImageTransfer {
  pull(reference: string, options?: TransferOptions): Promise<PullResult>;
  push(reference: string, options?: TransferOptions): Promise<PushResult>;
  /** Names the image `source` also `target`; resolves with the new reference. */
  tag(source: string, target: string, signal?: AbortSignal): Promise<string>;
  checkLogin(credential: RegistryCredential, signal?: AbortSignal): Promise<LoginCheck>;
}
