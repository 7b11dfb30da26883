import { describe, expect, test } from '@jest/globals';
import type { UrlReaderService, UrlReaderServiceReadTreeOptions } from '@backstage/backend-plugin-api';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocationSpecSource } from './source.ts';

const SPEC = 'apiVersion: aml-k8s/v1\nkind: KubernetesCompute\n';

function fakeReader(files: Record<string, string>, calls: string[]): UrlReaderService {
  return {
    async readUrl(url) {
      calls.push(`readUrl ${url}`);
      return { buffer: async () => Buffer.from(files[url] ?? '') };
    },
    async readTree(url, options?: UrlReaderServiceReadTreeOptions) {
      calls.push(`readTree ${url}`);
      if (url.includes('missing')) throw new Error('NotFoundError: no such tree');
      const entries = Object.entries({ 'b.yaml': SPEC, 'sub/a.yml': SPEC, 'README.md': '#', '.github/ci.yaml': 'x' }).filter(([p]) => options?.filter?.(p) ?? true);
      return { etag: 'e', files: async () => entries.map(([path, text]) => ({ path, content: async () => Buffer.from(text) })), archive: async () => { throw new Error('unused'); }, dir: async () => { throw new Error('unused'); } };
    },
    async search() {
      throw new Error('unused');
    },
  };
}

describe('LocationSpecSource', () => {
  test('a repository folder through the UrlReader: YAML files only, hidden folders skipped, file URLs as locations', async () => {
    const calls: string[] = [];
    const source = new LocationSpecSource({ locations: [{ type: 'url', target: 'https://github.com/contoso/ml/tree/main/computes' }], reader: fakeReader({}, calls) });
    const read = await source.read();
    expect(read.failures).toEqual([]);
    expect(read.files.map((f) => [f.location, f.locationType])).toEqual([
      ['https://github.com/contoso/ml/tree/main/computes/b.yaml', 'url'],
      ['https://github.com/contoso/ml/tree/main/computes/sub/a.yml', 'url'],
    ]);
    expect(calls).toEqual(['readTree https://github.com/contoso/ml/tree/main/computes']);
  });

  test('a single file URL is read with readUrl', async () => {
    const calls: string[] = [];
    const url = 'https://github.com/contoso/ml/blob/main/computes/gpu.yaml';
    const read = await new LocationSpecSource({ locations: [{ type: 'url', target: url }], reader: fakeReader({ [url]: SPEC }, calls) }).read();
    expect(read.files).toEqual([{ location: url, locationType: 'url', text: SPEC }]);
    expect(calls).toEqual([`readUrl ${url}`]);
  });

  test('a location that fails is reported, the others are still read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'azureml-specs-'));
    try {
      mkdirSync(join(dir, 'nested'));
      writeFileSync(join(dir, 'nested', 'one.yaml'), SPEC);
      writeFileSync(join(dir, 'notes.txt'), 'x');
      const read = await new LocationSpecSource({
        locations: [
          { type: 'file', target: 'nested' },
          { type: 'url', target: 'https://github.com/contoso/missing/tree/main' },
          { type: 'file', target: join(dir, 'nope') },
        ],
        reader: fakeReader({}, []),
        baseDir: dir,
      }).read();
      expect(read.files.map((f) => f.location)).toEqual([join(dir, 'nested', 'one.yaml')]);
      expect(read.failures.map((f) => f.location)).toEqual(['https://github.com/contoso/missing/tree/main', join(dir, 'nope')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('url locations need a UrlReader', async () => {
    const read = await new LocationSpecSource({ locations: [{ type: 'url', target: 'https://example.com/x/' }] }).read();
    expect(read.failures).toEqual([{ location: 'https://example.com/x/', message: 'no UrlReader to read url locations with' }]);
  });
});
