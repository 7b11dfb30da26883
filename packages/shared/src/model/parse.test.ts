import { expect, test } from '@jest/globals';
import { parseSpecText } from './parse.ts';

const TEXT = `# a comment
apiVersion: aml-k8s/v1
kind: KubernetesCompute
metadata:
  name: gpu
spec:
  instanceTypes:
    small:
      resources: { limits: { cpu: "1" } }
`;

test('locates keys and values, and falls back to the nearest ancestor', () => {
  const { specs, diagnostics } = parseSpecText(TEXT, 'a.yaml');
  expect(diagnostics).toEqual([]);
  const s = specs[0]!;
  expect(s.locate(['metadata', 'name'])).toEqual({ line: 5, column: 3 });
  expect(s.locate(['metadata', 'name'], 'value')).toEqual({ line: 5, column: 9 });
  expect(s.locate(['spec', 'instanceTypes', 'small', 'resources', 'limits', 'cpu'])).toEqual({ line: 9, column: 30 });
  expect(s.has(['spec', 'cluster'])).toBe(false);
  expect(s.locate(['spec', 'cluster', 'name'])).toEqual({ line: 6, column: 1 });
});

test('several documents in one file, each its own spec', () => {
  const { specs } = parseSpecText(`${TEXT}---\n${TEXT}`, 'b.yaml');
  expect(specs.map((s) => s.index)).toEqual([0, 1]);
  expect(specs[1]!.locate(['metadata', 'name']).line).toBe(15);
});

test('syntax errors, duplicate keys, empty files and alias bombs become diagnostics', () => {
  expect(parseSpecText('a: [1, 2\n', 'c.yaml').diagnostics[0]).toMatchObject({ code: 'AMLK001', severity: 'error', file: 'c.yaml' });
  expect(parseSpecText('a: 1\na: 2\n', 'd.yaml').diagnostics[0]).toMatchObject({ code: 'AMLK001', line: 2 });
  expect(parseSpecText('# only a comment\n', 'e.yaml').diagnostics[0]).toMatchObject({ code: 'AMLK001', line: 1 });
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
  const r = parseSpecText(`${bomb}\n`, 'f.yaml');
  expect(r.specs).toEqual([]);
  expect(r.diagnostics[0]).toMatchObject({ code: 'AMLK001' });
});

test('the fast path locates the same positions as the careful parser', async () => {
  const { parseAllDocuments, LineCounter } = await import('yaml');
  const { positionIndex } = await import('./event-index.ts');
  const text = `${TEXT}  extension:\n    settings: { "quoted key": 'v', empty: }\n    nodeSelector:\n      a/b: x\n---\n${TEXT}`;
  const index = positionIndex(text);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines }) as ReturnType<typeof parseAllDocuments> & unknown[];
  const paths: (string | number)[][] = [['metadata', 'name'], ['spec', 'instanceTypes', 'small', 'resources', 'limits', 'cpu'], ['spec', 'extension', 'settings', 'quoted key'], ['spec', 'extension', 'nodeSelector', 'a/b']];
  for (const path of paths) {
    const doc = (docs as unknown as { getIn: (p: unknown[], keep: boolean) => { range: number[] } | undefined }[])[0]!;
    const node = doc.getIn(path, true);
    if (!node) continue;
    const expected = lines.linePos(node.range[0]!);
    expect(index.locate(0, path, 'value')).toEqual({ line: expected.line, column: expected.col });
  }
  // An empty value has no position of its own: its key is pointed at.
  expect(index.locate(0, ['spec', 'extension', 'settings', 'empty'], 'value')).toEqual({ line: 11, column: 36 });
  expect(index.locate(1, ['metadata', 'name']).line).toBe(15 + 4);
});
