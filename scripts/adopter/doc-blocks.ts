// The install and wiring lines of docs/backstage.md that the adopter test runs. Each is a fenced
// code block right after an HTML comment `<!-- adopter-test: NAME -->` (invisible when rendered), so
// the test uses what readers copy and the two cannot drift apart.
import { readFileSync } from 'node:fs';

export const DOC_BLOCKS = ['backend-sqlite', 'backend-install', 'backend-index', 'app-install'] as const;
export type DocBlockName = (typeof DOC_BLOCKS)[number];

export interface DocBlock {
  name: DocBlockName;
  language: string;
  text: string;
}

const MARKED_BLOCK = /<!--\s*adopter-test:\s*([\w-]+)\s*-->\s*\n```(\w*)[^\n]*\n([\s\S]*?)\n```/g;

/** Every marked block of the document, each required name exactly once. */
export function docBlocks(markdown: string): Record<DocBlockName, DocBlock> {
  const found = new Map<string, DocBlock>();
  for (const [, name, language, text] of markdown.matchAll(MARKED_BLOCK)) {
    if (!(DOC_BLOCKS as readonly string[]).includes(name!)) throw new Error(`unknown adopter-test block "${name}"`);
    if (found.has(name!)) throw new Error(`adopter-test block "${name}" appears twice`);
    found.set(name!, { name: name as DocBlockName, language: language ?? '', text: text! });
  }
  const missing = DOC_BLOCKS.filter((n) => !found.has(n));
  if (missing.length) throw new Error(`docs/backstage.md lacks the adopter-test blocks ${missing.join(', ')}`);
  return Object.fromEntries(found) as Record<DocBlockName, DocBlock>;
}

export function readDocBlocks(file: string): Record<DocBlockName, DocBlock> {
  return docBlocks(readFileSync(file, 'utf8'));
}

/** The backend's index.ts with the doc's lines added where the doc says: before `backend.start()`. */
export function wireBackend(indexTs: string, lines: string): string {
  const start = /^backend\.start\(\);?$/m;
  if (!start.test(indexTs)) throw new Error('the backend index.ts has no `backend.start()` line');
  return indexTs.replace(start, (call) => `${lines.trimEnd()}\n\n${call}`);
}
