// The settings tables of docs/spec.md, generated from the settings table
// (src/model/settings-table.ts) into a marked region of the hand-written page.
import { SETTINGS_TABLE } from '../src/model/settings-table.ts';
import type { SettingRow, SpecSource } from '../src/model/settings-table.ts';

export const SPEC_SETTINGS_BEGIN = '<!-- BEGIN settings tables: generated from packages/shared/src/model/settings-table.ts by `npm run docs`. Do not edit by hand. -->';
export const SPEC_SETTINGS_END = '<!-- END settings tables -->';

const rows: readonly SettingRow[] = SETTINGS_TABLE;
const code = (s: string): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

/** A spec path as the page names it: `extension.training`, `inference.routerServiceType`, `components.volcano`. */
function fieldName(path: string): string {
  const p = path.replace(/^spec\./, '');
  return /^extension\.(inference|components)\./.test(p) ? p.slice('extension.'.length) : p;
}

function sourceText(source: SpecSource): string {
  const name = fieldName(source.path);
  switch (source.as) {
    case 'fixed':
      return source.when === 'mapping' ? code(name) : code(`${name}: ${source.when === true ? 'true' : source.when.equals}`);
    case 'file':
      return `${code(name)} (a file, relative to the spec file)`;
    case 'env':
      return `${code(name)} (an environment variable holding the file's content)`;
    default:
      return code(name);
  }
}

function settingText(row: SettingRow): string {
  const fixed = row.spec?.find((s) => s.as === 'fixed');
  const key = fixed?.as === 'fixed' ? `${row.key}=${fixed.value}` : row.key;
  return row.where === 'protected' ? `protected ${code(key)}` : code(key);
}

function valuesText(row: SettingRow): string {
  switch (row.kind) {
    case 'bool':
      return 'true or false (any case)';
    case 'enum':
      return `${row.values!.map((v) => code(v.value)).join(', ')} (${row.caseSensitive ? 'exact case' : 'any case'})`;
    case 'path':
      return 'file path';
    case 'connection-string':
      return 'connection string';
    default:
      return 'text';
  }
}

function mapText(row: SettingRow): string {
  if (row.secret) return 'protected (secret)';
  return row.where === 'either' ? 'plain or protected' : row.where;
}

const defaultText = (row: SettingRow): string => (row.default === undefined ? '' : code(row.default));

function notesText(row: SettingRow, inferenceNote: boolean): string {
  const notes = [row.summary];
  if (row.origin === 'helm') notes.push('Passed through to Helm.');
  if (inferenceNote && row.inferenceOnly) notes.push('Only read with inference on.');
  return notes.join(' ');
}

/** The region of docs/spec.md between the markers, markers included. */
export function renderSpecSettingsRegion(): string {
  const typed = rows.filter((r) => r.spec !== undefined);
  const raw = rows.filter((r) => r.spec === undefined && r.origin !== 'derived');
  const derived = rows.filter((r) => r.origin === 'derived');
  return [
    SPEC_SETTINGS_BEGIN,
    '',
    line(['field', 'Azure setting', 'values', 'default', 'notes']),
    '|---|---|---|---|---|',
    ...typed.map((r) => line([r.spec!.map(sourceText).join(' or '), settingText(r), valuesText(r), defaultText(r), notesText(r, false)])),
    '',
    'Other keys aml-k8s knows, written under `settings` (or `protectedSettings` where they are secret);',
    'a key not listed here is reported as unknown (AMLK112):',
    '',
    line(['key', 'values', 'map', 'default', 'notes']),
    '|---|---|---|---|---|',
    ...raw.map((r) => line([code(r.key), valuesText(r), mapText(r), defaultText(r), notesText(r, true)])),
    '',
    'Keys that aml-k8s derives itself when rendering and applying, as `az k8s-extension create` does',
    '(it also fills in `cluster_name`, `location` and the other defaults above); setting them by hand',
    'overrides the derived value (AMLK115):',
    '',
    line(['key', 'map', 'notes']),
    '|---|---|---|',
    ...derived.map((r) => line([code(r.key), mapText(r), notesText(r, true)])),
    '',
    SPEC_SETTINGS_END,
  ].join('\n');
}

/** docs/spec.md with its generated region replaced by the current one. */
export function renderSpecMarkdown(current: string): string {
  const begin = current.indexOf(SPEC_SETTINGS_BEGIN);
  const end = current.indexOf(SPEC_SETTINGS_END);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`docs/spec.md has no region between "${SPEC_SETTINGS_BEGIN}" and "${SPEC_SETTINGS_END}"`);
  return current.slice(0, begin) + renderSpecSettingsRegion() + current.slice(end + SPEC_SETTINGS_END.length);
}
