// Every secret value the run reads (protected settings from files or variables, PEM material, Relay
// keys) is registered with the runner's log masking the moment it is read, before anything can
// print it: the whole value, each of its lines (the runner masks line by line) and its base64 form
// (what Azure receives for PEM files).
import { setSecret } from '@actions/core';
import { onSecretValue } from '@aml-k8s/shared';

/** Pieces shorter than this are not masked on their own: masking `-----` or `MII` would garble the log. */
const MIN_PIECE = 8;

export function maskPieces(value: string): string[] {
  const pieces = new Set<string>();
  const add = (p: string): void => {
    const piece = p.trim();
    // PEM armor lines (`-----BEGIN PRIVATE KEY-----`) are no secret, and masking them hides every mention.
    if (piece.length >= MIN_PIECE && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(piece)) pieces.add(piece);
  };
  add(value);
  for (const line of value.split(/\r?\n/)) add(line);
  add(Buffer.from(value, 'utf8').toString('base64'));
  return [...pieces];
}

export function maskSecretsAsRead(): () => void {
  const masked = new Set<string>();
  return onSecretValue((value) => {
    for (const piece of maskPieces(value)) {
      if (masked.has(piece)) continue;
      masked.add(piece);
      setSecret(piece);
    }
  });
}
