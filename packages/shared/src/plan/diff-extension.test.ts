// Settings left in Azure after the spec dropped them: defaults, inference-only keys (from the
// settings table) and everything else, which Azure cannot remove by update.
import { describe, expect, test } from '@jest/globals';
import { INFERENCE_ONLY_KEYS } from '../model/settings-table.ts';
import { diffExtension } from './diff-extension.ts';

const want = (configurationSettings: Record<string, string>) => ({ id: '/ext', configurationSettings, protectedKeys: [] });
const ctx = { gpuInUse: false };
const TRAINING = { enableTraining: 'True', enableInference: 'False' };

describe('diffExtension: keys the spec no longer has', () => {
  test('inference-only keys stay behind harmlessly once inference is off', () => {
    const have = { configurationSettings: { ...TRAINING, inferenceRouterServiceType: 'LoadBalancer', sslCname: 'ml.contoso.com', sslSecret: 'tls', clusterPurpose: 'DevTest', 'scoringFe.sslSecret': 'tls', 'scoringFe.serviceType.nodePort': 'True', 'scoringFe.custom': 'x' } };
    expect(diffExtension(want(TRAINING), have, ctx)).toMatchObject({ action: 'noop' });
  });

  test('every inference-only key of the table is left behind, none forces a replace', () => {
    const have = { configurationSettings: { ...TRAINING, ...Object.fromEntries(INFERENCE_ONLY_KEYS.map((k) => [k, 'x'])) } };
    expect(diffExtension(want(TRAINING), have, ctx).action).not.toBe('replace');
  });

  test('the same keys with inference on, and other keys, cannot be removed: the extension is replaced', () => {
    const on = { enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer' };
    expect(diffExtension(want(on), { configurationSettings: { ...on, sslCname: 'ml.contoso.com' } }, ctx).action).toBe('replace');
    expect(diffExtension(want(TRAINING), { configurationSettings: { ...TRAINING, 'nodeSelector.pool': 'ml' } }, ctx).action).toBe('replace');
  });

  test('a key with a default is set back to it', () => {
    const change = diffExtension(want(TRAINING), { configurationSettings: { ...TRAINING, installPromOp: 'False' } }, ctx);
    expect(change).toMatchObject({ action: 'update', settings: [{ key: 'installPromOp', before: 'False', after: 'True' }] });
  });
});
