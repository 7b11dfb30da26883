// Source offsets of every key and value in a YAML text, from the fast parser's event stream: the
// cheap way to locate a diagnostic in a file that parsed cleanly.
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import { offsetLocator } from './offsets.ts';
import type { SourcePosition, SpecPath } from './parse.ts';

interface Frame {
  kind: 'doc' | 'map' | 'seq';
  path: (string | number)[];
  expectKey: boolean;
  pendingKey?: { name: string; offset: number };
  index: number;
}

type Offsets = { key: number; value: number };

const keyOf = (path: SpecPath): string => path.map(String).join('\u0000');

/** Per document: path → offsets of its key and its value. */
function indexEvents(text: string): Map<string, Offsets>[] {
  const docs: Map<string, Offsets>[] = [];
  const stack: Frame[] = [];
  let current: Map<string, Offsets> | undefined;
  const place = (start: number, isCollection: boolean): (string | number)[] | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent || !current) return undefined;
    if (parent.kind === 'doc') {
      current.set('', { key: start, value: start });
      return [];
    }
    if (parent.kind === 'seq') {
      const path = [...parent.path, parent.index++];
      current.set(keyOf(path), { key: start, value: start });
      return path;
    }
    if (parent.expectKey) {
      parent.expectKey = false;
      parent.pendingKey = { name: isCollection ? '\u0001' : '', offset: start };
      return undefined;
    }
    const key = parent.pendingKey ?? { name: '', offset: start };
    parent.expectKey = true;
    const path = [...parent.path, key.name];
    // An empty value has no offset of its own (-1): point at its key.
    current.set(keyOf(path), { key: key.offset, value: start >= 0 ? start : key.offset });
    return path;
  };
  for (const ev of parseEvents(text, {})) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        current = new Map();
        docs.push(current);
        stack.push({ kind: 'doc', path: [], expectKey: false, index: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const path = place(ev.start, true) ?? ['\u0001'];
        stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', path, expectKey: true, index: 0 });
        break;
      }
      case EVENT_ID.SCALAR: {
        const parent = stack[stack.length - 1];
        // Quoted scalars start at their opening quote.
        const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = ev.valueStart >= 0 && quoted ? ev.valueStart - 1 : ev.valueStart;
        if (parent?.kind === 'map' && parent.expectKey) {
          parent.expectKey = false;
          parent.pendingKey = { name: getScalarValue(text, ev), offset: start };
        } else place(start, false);
        break;
      }
      case EVENT_ID.ALIAS:
        place(ev.anchorStart, false);
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return docs;
}

export interface PositionIndex {
  locate(doc: number, path: SpecPath, part?: 'key' | 'value'): SourcePosition;
  has(doc: number, path: SpecPath): boolean;
}

export function positionIndex(text: string): PositionIndex {
  const docs = indexEvents(text);
  const position = offsetLocator(text);
  return {
    locate: (doc, path, part = 'key') => {
      const map = docs[doc];
      for (let n = path.length; n >= 0 && map; n--) {
        const hit = map.get(keyOf(path.slice(0, n)));
        const offset = hit ? (part === 'value' && n === path.length ? hit.value : hit.key) : -1;
        if (offset >= 0) return position(offset);
      }
      return { line: 1, column: 1 };
    },
    has: (doc, path) => docs[doc]?.has(keyOf(path)) ?? false,
  };
}
