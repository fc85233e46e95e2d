import { expect } from 'vitest';
import { SourceError } from '../../src/lib/errors.js';

/** The SourceError a promise rejects with (the test fails when it resolves or rejects with anything else). */
export async function sourceErrorOf(p: Promise<unknown>): Promise<SourceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}
