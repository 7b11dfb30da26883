// Scrubs known secret values from text headed for logs or error output: the value itself, its
// base64 (the form sent for PEM material), what it decodes to when it is base64 (the PEM text),
// its JSON-escaped form, and the individual lines of multi-line material.
import { onSecretValue, SecretValue } from './secret-value.ts';

const MIN_LENGTH = 4;
const MIN_LINE_LENGTH = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodedBase64(value: string): string | undefined {
  if (value.length < 8 || !BASE64.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return Buffer.from(text, 'utf8').toString('base64') === value && !/[\x00-\x08\x0e-\x1f]/.test(text) ? text : undefined;
}

function forms(value: string): string[] {
  const texts = [value];
  const decoded = decodedBase64(value);
  if (decoded !== undefined) texts.push(decoded);
  const out = new Set<string>();
  for (const text of texts) {
    out.add(text);
    out.add(Buffer.from(text, 'utf8').toString('base64'));
    out.add(JSON.stringify(text).slice(1, -1));
    for (const line of text.split(/\r?\n/)) {
      const trimmed = line.trim();
      // PEM armour lines (-----BEGIN ...) are not secret and appear in harmless messages.
      if (trimmed.length >= MIN_LINE_LENGTH && !trimmed.startsWith('-----')) out.add(trimmed);
    }
  }
  return [...out].filter((f) => f.length >= MIN_LENGTH);
}

export function redact(text: string, secrets: Iterable<SecretValue | string>): string {
  return redactor(secrets)(text);
}

/** `redact` with the secrets' forms worked out once, for text redacted piece by piece. */
export function redactor(secrets: Iterable<SecretValue | string>): (text: string) => string {
  const replacements: { form: string; label: string }[] = [];
  for (const secret of secrets) {
    if (secret instanceof SecretValue && !secret.resolved) continue;
    const value = secret instanceof SecretValue ? secret.reveal() : secret;
    const label = `<redacted${secret instanceof SecretValue ? `:${secret.name}` : ''}>`;
    for (const form of forms(value)) replacements.push({ form, label });
  }
  replacements.sort((a, b) => b.form.length - a.form.length);
  return (text) => {
    let out = text;
    for (const { form, label } of replacements) out = out.split(form).join(label);
    return out;
  };
}

export interface SecretScrubber {
  /** `text` without any secret value read since the scrubber started (in redact's forms). */
  scrub(text: string): string;
  /** Stops collecting; scrub keeps working with what was collected. */
  stop(): void;
}

/**
 * Collects every secret value this process reads or derives from now on (resolution reports each
 * through onSecretValue), to scrub text that did not come from us: Azure's messages, progress and
 * comment bodies may quote any of them, not only those a command knew it would resolve.
 */
export function secretScrubber(): SecretScrubber {
  const values = new Set<string>();
  let scrubAll: ((text: string) => string) | undefined;
  const stop = onSecretValue((value) => {
    for (const v of [value, value.replace(/\r?\n$/, '')]) {
      if (values.has(v)) continue;
      values.add(v);
      scrubAll = undefined;
    }
  });
  return {
    scrub(text) {
      if (values.size === 0) return text;
      scrubAll ??= redactor(values);
      return scrubAll(text);
    },
    stop,
  };
}
