/**
 * The engine refused to remove a volume or a network because containers still use it
 * (its 409), with those containers named so the person knows what to remove or stop first.
 */
import { EngineRequestError } from './errors';

export interface ObjectUser {
  name: string;
  state: string;
}

export class InUseError extends EngineRequestError {
  constructor(
    readonly kind: 'volume' | 'network',
    readonly objectName: string,
    readonly users: ObjectUser[],
    message: string,
  ) {
    super(message, 409);
    this.name = 'InUseError';
  }
}

/** The engine already has one of that name (volume create answers 201 for it, as if new). */
export class AlreadyExistsError extends EngineRequestError {
  constructor(
    readonly kind: 'volume' | 'network',
    readonly objectName: string,
  ) {
    super(`A ${kind} named "${objectName}" already exists: pick another name, or use that ${kind}.`, 409);
    this.name = 'AlreadyExistsError';
  }
}

export function statusOf(err: unknown): number | undefined {
  return err instanceof EngineRequestError ? err.statusCode : (err as { statusCode?: number } | undefined)?.statusCode;
}
