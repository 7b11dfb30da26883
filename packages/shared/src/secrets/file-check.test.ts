// The part of the secret-file policy that needs no file system (rule AMLK005 in every validation):
// references into .git, /proc or /sys, with hostile spellings; near misses stay allowed.
import { expect, test } from '@jest/globals';
import { secretFileReferenceProblem } from './file-check.ts';

test.each([
  '/proc/self/environ',
  '/proc/1/environ',
  '/sys/class/net/eth0/address',
  '../.git/config',
  '.git/config',
  'secrets/../../.git/config',
  'a//.git//config',
  'C:\\repo\\.git\\config',
])('%s is refused, naming the file and the fix', (file) => {
  const message = secretFileReferenceProblem(file, 'relay');
  expect(message).toContain(`Secret file "${file}" (for relay)`);
  expect(message).toContain('--allow-secret-dir DIR or AML_K8S_SECRET_DIRS');
});

test.each(['relay.txt', 'certs/.gitkeep', 'proc/self/environ', '/process/x', '/system/key.pem', '/dev/shm/relay.txt', 'my.git/x'])('%s is left to the file-system check', (file) => {
  expect(secretFileReferenceProblem(file)).toBeUndefined();
});
