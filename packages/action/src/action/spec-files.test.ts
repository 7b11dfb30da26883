import { describe, expect, test } from '@jest/globals';
import { globFolders } from './spec-files.ts';

describe('globFolders', () => {
  test('the path before the first wildcard segment, once per folder', () => {
    expect(globFolders(['computes/**/*.yaml', './computes/prod/*.yml', 'infra/aml/main.tf', '*.yaml', 'teams/{a,b}/x.yaml'])).toEqual(['.', 'computes', 'computes/prod', 'infra/aml/main.tf', 'teams']);
  });

  test('Windows separators are read as folders', () => {
    expect(globFolders(['computes\\**\\*.yaml'])).toEqual(['computes']);
  });
});
