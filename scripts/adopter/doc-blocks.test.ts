// The adopter test takes its install and wiring lines from docs/backstage.md (doc-blocks.ts); these
// checks run in milliseconds, so a broken marker shows at once instead of after the app's build.
import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { docBlocks, readDocBlocks, wireBackend } from './doc-blocks.ts';

const doc = fileURLToPath(new URL('../../docs/backstage.md', import.meta.url));

describe('the adopter lines of docs/backstage.md', () => {
  it('install the three backend packages and the frontend plugin, and add the three backend features', () => {
    const blocks = readDocBlocks(doc);
    const backend = ['@aml-k8s/plugin-azureml-compute-backend', '@aml-k8s/plugin-catalog-backend-module-azureml-compute', '@aml-k8s/plugin-scaffolder-backend-module-azureml-compute'];
    expect(blocks['backend-install'].language).toBe('sh');
    expect(blocks['app-install'].language).toBe('sh');
    for (const name of backend) {
      expect(blocks['backend-install'].text).toContain(name);
      expect(blocks['backend-index'].text).toContain(`backend.add(import('${name}'));`);
    }
    expect(blocks['app-install'].text).toMatch(/yarn --cwd packages\/app add @aml-k8s\/plugin-azureml-compute\s*$/);
  });
});

describe('docBlocks', () => {
  const block = (name: string, text: string) => `<!-- adopter-test: ${name} -->\n\`\`\`sh\n${text}\n\`\`\`\n`;
  const all = block('backend-sqlite', 's') + block('backend-install', 'a') + block('backend-index', 'b') + block('app-install', 'c');

  it('reads each marked block', () => {
    expect(docBlocks(`# Title\n\n${all}`)['backend-index']).toEqual({ name: 'backend-index', language: 'sh', text: 'b' });
  });

  it('refuses a document missing a block, naming it twice or naming an unknown one', () => {
    expect(() => docBlocks(block('backend-sqlite', 's') + block('backend-install', 'a') + block('backend-index', 'b'))).toThrow(/lacks the adopter-test blocks app-install/);
    expect(() => docBlocks(all + block('app-install', 'd'))).toThrow(/appears twice/);
    expect(() => docBlocks(all + block('frontend', 'e'))).toThrow(/unknown adopter-test block "frontend"/);
  });

  it('ignores a marked block that is not right after its marker', () => {
    expect(() => docBlocks(`<!-- adopter-test: app-install -->\n\nSome text.\n\n\`\`\`sh\nx\n\`\`\`\n` + block('backend-sqlite', 's') + block('backend-install', 'a') + block('backend-index', 'b'))).toThrow(/lacks/);
  });
});

describe('wireBackend', () => {
  it("adds the lines just before the created app's backend.start()", () => {
    const index = "const backend = createBackend();\nbackend.add(import('a'));\n\nbackend.start();\n";
    expect(wireBackend(index, "backend.add(import('b'));\n")).toBe("const backend = createBackend();\nbackend.add(import('a'));\n\nbackend.add(import('b'));\n\nbackend.start();\n");
  });

  it('refuses an index.ts without backend.start()', () => {
    expect(() => wireBackend('await backend.start();', 'x')).toThrow(/no `backend.start\(\)`/);
  });
});
