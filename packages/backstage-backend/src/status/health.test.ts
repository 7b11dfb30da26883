import { describe, expect, test } from '@jest/globals';
import { healthOf } from './health.ts';

const h = (extensionState: string | undefined, computeState: string | undefined, flags: { ext?: boolean; comp?: boolean; attaches?: boolean } = {}) =>
  healthOf({ extensionState, extensionFound: flags.ext ?? extensionState !== undefined, attaches: flags.attaches ?? true, computeState, computeFound: flags.comp ?? computeState !== undefined });

describe('health at a glance', () => {
  test('both succeeded, or extension only when nothing is attached', () => {
    expect(h('Succeeded', 'Succeeded')).toBe('Succeeded');
    expect(h('Succeeded', undefined, { attaches: false })).toBe('Succeeded');
  });

  test('the worse of the two wins', () => {
    expect(h('Failed', 'Succeeded')).toBe('Failed');
    expect(h('Succeeded', 'Failed')).toBe('Failed');
    expect(h('Succeeded', 'Canceled')).toBe('Failed');
    expect(h(undefined, undefined)).toBe('NotInstalled');
    expect(h(undefined, 'Succeeded')).toBe('NotInstalled');
    expect(h('Succeeded', undefined)).toBe('NotAttached');
    expect(h('Updating', 'Succeeded')).toBe('InProgress');
    expect(h('Succeeded', 'Creating')).toBe('InProgress');
    expect(h('Weird', 'Succeeded')).toBe('Unknown');
    expect(h('Failed', 'Creating')).toBe('Failed');
  });

  test('a compute not attached yet while the extension installs is in progress', () => {
    expect(h('Creating', undefined)).toBe('InProgress');
  });

  test('states are compared case-insensitively', () => {
    expect(h('succeeded', 'SUCCEEDED')).toBe('Succeeded');
    expect(h('FAILED', 'Succeeded')).toBe('Failed');
  });
});
