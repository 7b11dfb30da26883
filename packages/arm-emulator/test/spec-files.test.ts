// `--seed` discovery with symbolic links, as a spec repository may have them: linked files and
// folders are followed, loops end, a link to nothing that looks like a spec is an error, and a
// FIFO named directly is refused instead of blocking the emulator's start.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findSpecFiles, fixturesFromSpecFiles } from '../src/spec-files.ts';

let root: string;
const spec = (cluster: string): string => `apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata: { name: ${cluster} }
spec:
  cluster: { type: aks, subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: ml-rg, name: ${cluster} }
  extension: { training: true }
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aml-k8s-seed-links-'));
  // Shared specs outside the seeded folder, reached only through links.
  mkdirSync(join(root, 'shared/team'), { recursive: true });
  writeFileSync(join(root, 'shared/linked-file.yaml'), spec('aks-linked-file'));
  writeFileSync(join(root, 'shared/team/in-linked-folder.yaml'), spec('aks-linked-folder'));
  mkdirSync(join(root, 'specs/nested'), { recursive: true });
  writeFileSync(join(root, 'specs/plain.yaml'), spec('aks-plain'));
  symlinkSync(join(root, 'shared/linked-file.yaml'), join(root, 'specs/link-to-file.yaml'));
  symlinkSync(join(root, 'shared'), join(root, 'specs/link-to-folder'));
  // Loops: a folder linking to itself, and to its parent.
  symlinkSync('.', join(root, 'specs/nested/self'));
  symlinkSync('..', join(root, 'specs/nested/parent'));
  // The same file twice, through a second link.
  symlinkSync(join(root, 'specs/plain.yaml'), join(root, 'specs/nested/again.yaml'));
  // A dangling link that is no spec (editor state, say) is skipped.
  symlinkSync(join(root, 'gone.txt'), join(root, 'specs/notes.txt'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('linked files and folders are followed, loops end, each file is read once', () => {
  const files = findSpecFiles(['specs'], root).map((f) => relative(root, f));
  // link-to-folder/linked-file.yaml is link-to-file.yaml, and plain.yaml was met first as nested/again.yaml.
  expect(files).toEqual(['specs/link-to-file.yaml', 'specs/link-to-folder/team/in-linked-folder.yaml', 'specs/nested/again.yaml']);
  const clusters = (fixturesFromSpecFiles(['specs'], root).clusters ?? []).map((c) => c.name).sort();
  expect(clusters).toEqual(['aks-linked-file', 'aks-linked-folder', 'aks-plain']);
});

test('a link loop of spec names is an error naming the link, not a hang or a crash', () => {
  const dir = mkdtempSync(join(root, 'loop-'));
  symlinkSync(join(dir, 'b.yaml'), join(dir, 'a.yaml'));
  symlinkSync(join(dir, 'a.yaml'), join(dir, 'b.yaml'));
  expect(() => findSpecFiles([dir])).toThrow(`--seed: ${join(dir, 'a.yaml')} is a symbolic link that leads nowhere`);
});

test('a dangling link named like a spec is an error naming it', () => {
  const dir = mkdtempSync(join(root, 'dangling-'));
  symlinkSync(join(dir, 'missing.yaml'), join(dir, 'compute.yaml'));
  expect(() => findSpecFiles([dir])).toThrow(/compute\.yaml is a symbolic link that leads nowhere \(missing target or a link loop\); fix or delete it/);
});

test('a FIFO named directly is refused at once', () => {
  const fifo = join(root, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  expect(() => findSpecFiles([fifo])).toThrow(`--seed ${fifo}: not a regular file or folder`);
  expect(() => findSpecFiles(['fifo.yaml'], root)).toThrow('--seed fifo.yaml: not a regular file or folder');
});
