import { randomBytes, randomUUID } from 'node:crypto';

/** A seeded pseudo-random source: the same seed yields the same sequence (mulberry32). */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

// Identifiers are not drawn from the seeded source on purpose: fault decisions must not shift
// when a test creates one more resource.
export function newGuid(): string {
  return randomUUID();
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}
