// Reads a file only when it is a regular file of bounded size: a FIFO, a device (/dev/zero,
// /dev/stdin) or a huge file named in a spec or as a spec would otherwise hang the run or exhaust
// its memory. The file is opened without blocking (a FIFO with no writer), checked on the open
// descriptor (no swap between check and read), and read up to the cap only.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { AmlK8sError } from '../errors.ts';

export type FileReadFailure = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export class FileReadError extends AmlK8sError<FileReadFailure> {
  override readonly name = 'FileReadError';
  readonly path: string;
  constructor(code: FileReadFailure, path: string, message: string) {
    super(code, message);
    this.path = path;
  }
}

const NONBLOCK = (constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0;

function kind(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  return st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a folder' : 'not a regular file';
}

export const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`);

/** The file's text; throws FileReadError unless it is a regular file of at most `maxBytes`. */
export function readRegularFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileReadError('missing', path, `${path} does not exist`);
    if (code === 'EISDIR') throw new FileReadError('not-regular', path, `${path} is a folder, not a regular file`);
    throw new FileReadError('unreadable', path, `${path} cannot be read (${code})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileReadError('not-regular', path, `${path} is ${kind(st)}; only regular files are read`);
    if (st.size > maxBytes) throw new FileReadError('too-large', path, `${path} is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit`);
    // Read at most one byte past the cap, so a file that grows while read is still refused.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) break;
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new FileReadError('too-large', path, `${path} is over the ${formatBytes(maxBytes)} limit`);
    if (length > st.size) throw new FileReadError('unreadable', path, `${path} changed while it was read`);
    return buf.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError('unreadable', path, `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}
