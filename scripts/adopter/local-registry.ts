// A minimal npm registry on localhost serving packed tarballs, so that an app installs our packages
// with the plain `yarn add <name>` the docs give, as it would from the public registry. Only the
// two requests a package manager makes for an install are answered: the package document and the
// tarball. The app routes the package scope here (npmScopes); everything else comes from the
// public registry.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalRegistry {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** Package names served. */
  names: string[];
  stop(): Promise<void>;
}

interface Packed {
  manifest: { name: string; version: string; [field: string]: unknown };
  tarball: Buffer;
}

/** Where the public registry keeps a version's tarball: `@scope/name/-/name-1.2.3.tgz`. */
function tarballPath(name: string, version: string): string {
  return `${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
}

/** The package.json inside an npm tarball (`package/package.json`). */
export function manifestOf(tarballFile: string): Packed['manifest'] {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarballFile, 'package/package.json'], { encoding: 'utf8' })) as Packed['manifest'];
}

export async function startLocalRegistry(tarballs: string[]): Promise<LocalRegistry> {
  const packages = new Map<string, Packed>();
  for (const file of tarballs) {
    const tarball = readFileSync(file);
    const manifest = manifestOf(file);
    packages.set(manifest.name, { manifest, tarball });
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).slice(1);
    const tarballRequest = /^(.+)\/-\/[^/]+\.tgz$/.exec(path);
    const pkg = packages.get(tarballRequest ? tarballRequest[1]! : path);
    if (!pkg || (tarballRequest && path !== tarballPath(pkg.manifest.name, pkg.manifest.version))) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    if (tarballRequest) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': pkg.tarball.length }).end(pkg.tarball);
      return;
    }
    const { name, version } = pkg.manifest;
    const published = new Date().toISOString();
    const document = {
      name,
      'dist-tags': { latest: version },
      time: { created: published, modified: published, [version]: published },
      versions: {
        [version]: {
          ...pkg.manifest,
          _id: `${name}@${version}`,
          dist: {
            tarball: `${url}/${tarballPath(name, version)}`,
            shasum: createHash('sha1').update(pkg.tarball).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(pkg.tarball).digest('base64')}`,
          },
        },
      },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  // Yarn keeps connections open between requests; Node's default 5 s would close them under it.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    names: [...packages.keys()].sort(),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
