// Reads spec files from the configured locations: a local folder or file (development), or a
// repository folder or file through Backstage's UrlReader.
import { findSpecFiles } from '@aml-k8s/shared/core';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

export interface SpecLocation {
  type: 'file' | 'url';
  /** A folder or file path (`file`), or a folder or file URL in a repository (`url`). */
  target: string;
}

/** One spec file's text and where it lives. */
export interface LocatedSpecText {
  /** Absolute path or URL: shown as the spec location and used as the catalog location. */
  location: string;
  locationType: 'file' | 'url';
  text: string;
}

export interface SpecReadResult {
  files: LocatedSpecText[];
  /** Locations that could not be read: the result is partial, so nothing may be removed because of it. */
  failures: { location: string; message: string }[];
}

export interface SpecSource {
  read(): Promise<SpecReadResult>;
}

const YAML_FILE = /\.ya?ml$/i;

export interface LocationSpecSourceOptions {
  locations: readonly SpecLocation[];
  reader?: UrlReaderService;
  /** Base of relative `file` targets; default the working directory. */
  baseDir?: string;
}

export class LocationSpecSource implements SpecSource {
  readonly #options: LocationSpecSourceOptions;

  constructor(options: LocationSpecSourceOptions) {
    this.#options = options;
  }

  async read(): Promise<SpecReadResult> {
    const result: SpecReadResult = { files: [], failures: [] };
    const read = await Promise.all(
      this.#options.locations.map(async (loc) => {
        try {
          return { loc, files: loc.type === 'file' ? await this.#readFiles(loc.target) : await this.#readUrl(loc.target) };
        } catch (err) {
          return { loc, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    for (const r of read) {
      if ('error' in r) result.failures.push({ location: r.loc.target, message: r.error ?? 'unknown error' });
      else result.files.push(...r.files);
    }
    return result;
  }

  async #readFiles(target: string): Promise<LocatedSpecText[]> {
    const root = isAbsolute(target) ? target : resolve(this.#options.baseDir ?? process.cwd(), target);
    const files = findSpecFiles([root]);
    return Promise.all(files.map(async (path) => ({ location: path, locationType: 'file' as const, text: await readFile(path, 'utf8') })));
  }

  async #readUrl(target: string): Promise<LocatedSpecText[]> {
    const reader = this.#options.reader;
    if (!reader) throw new Error('no UrlReader to read url locations with');
    if (YAML_FILE.test(new URL(target).pathname)) {
      const response = await reader.readUrl(target);
      return [{ location: target, locationType: 'url', text: (await response.buffer()).toString('utf8') }];
    }
    const tree = await reader.readTree(target, { filter: (path) => YAML_FILE.test(path) && !path.split('/').some((part) => part.startsWith('.')) });
    const base = target.endsWith('/') ? target : `${target}/`;
    const files = await tree.files();
    return Promise.all(
      files
        .sort((a, b) => a.path.localeCompare(b.path))
        .map(async (f) => ({ location: new URL(f.path, base).toString(), locationType: 'url' as const, text: (await f.content()).toString('utf8') })),
    );
  }
}
