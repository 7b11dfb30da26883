// Benchmark: `aml-k8s validate` over 10,000 spec files, through the bundled CLI as users run it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { BenchResult } from './result.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));

/** Writes `count` distinct, valid spec files derived from the examples. */
export function writeFleet(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'aml-k8s-bench-'));
  const examples = readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(repo, 'examples', f), 'utf8'));
  for (let i = 0; i < count; i++) {
    const group = join(dir, `team-${i % 50}`);
    if (i < 50) mkdirSync(group);
    const doc = parse(examples[i % examples.length]!) as { metadata: { name: string }; spec: { cluster: { name: string }; attach?: { computeName?: string } } };
    doc.metadata.name = `${doc.metadata.name.slice(0, 12)}-${i.toString(36)}x`;
    doc.spec.cluster.name = `${doc.spec.cluster.name}-${i}`;
    if (doc.spec.attach?.computeName) doc.spec.attach.computeName = doc.metadata.name;
    const text = stringify(doc);
    writeFileSync(join(group, `compute-${i}.yaml`), text);
  }
  return dir;
}

export function benchValidate(count: number): BenchResult {
  const dir = writeFleet(count);
  try {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(repo, 'packages/action/bin/aml-k8s.js'), 'validate', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const out = JSON.parse(r.stdout) as { files: string[]; summary: { errors: number } };
    return {
      name: `validate ${count.toLocaleString('en-US')} spec files (CLI, one process)`,
      value: seconds,
      unit: 's',
      target: 3,
      comparison: 'max',
      detail: `${out.files.length} files read, ${out.summary.errors} errors, exit ${r.status}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
