import { describe, expect, test } from '@jest/globals';
import { checkApiVersion, COMPUTE_API_VERSIONS, EXTENSION_API_VERSIONS, isApiVersionAccepted } from './api-versions.ts';
import { findRoute, matchPath, splitPath, type Route } from './router.ts';

describe('matchPath', () => {
  test('literals match case-insensitively and parameters keep their case', () => {
    const p = matchPath('subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.X/things/{name}', splitPath('/SUBSCRIPTIONS/s1/resourcegroups/My-RG/providers/microsoft.x/THINGS/Thing%201'));
    expect(p).toEqual({ sub: 's1', rg: 'My-RG', name: 'Thing 1' });
    expect(matchPath('subscriptions/{sub}/things', splitPath('/subscriptions/s1/other'))).toBeUndefined();
    expect(matchPath('subscriptions/{sub}', splitPath('/subscriptions/s1/extra'))).toBeUndefined();
  });

  test('a leading {*scope} takes whatever precedes the fixed tail, including nothing', () => {
    const pattern = '{*scope}/providers/Microsoft.Authorization/roleAssignments/{name}';
    expect(matchPath(pattern, splitPath('/subscriptions/s/resourceGroups/g/providers/Microsoft.Authorization/roleAssignments/a'))).toEqual({
      scope: '/subscriptions/s/resourceGroups/g',
      name: 'a',
    });
    expect(matchPath(pattern, splitPath('/providers/Microsoft.Authorization/roleAssignments/a'))).toEqual({ scope: '', name: 'a' });
    expect(matchPath(pattern, splitPath('/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/a'))).toBeUndefined();
  });

  test('findRoute tells a wrong method apart from an unknown path', () => {
    const route: Route<null> = { methods: ['GET'], pattern: 'a/{b}', resourceType: 'X/a', apiVersions: EXTENSION_API_VERSIONS, handle: () => ({ status: 200 }) };
    expect(findRoute([route], 'GET', ['a', 'x'])).toMatchObject({ params: { b: 'x' } });
    expect(findRoute([route], 'PUT', ['a', 'x'])).toBe('method-not-allowed');
    expect(findRoute([route], 'GET', ['z', 'x'])).toBeUndefined();
  });
});

describe('api-version policies', () => {
  test('lists are exact, ranges take dates (and previews) inside the bounds', () => {
    expect(isApiVersionAccepted(EXTENSION_API_VERSIONS, '2024-11-01')).toBe(true);
    expect(isApiVersionAccepted(EXTENSION_API_VERSIONS, '2022-11-01')).toBe(false);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, '2022-10-01')).toBe(true);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, '2023-08-01-preview')).toBe(true);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, '2025-12-01')).toBe(true);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, '2026-01-01')).toBe(false);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, '2022-09-30')).toBe(false);
    expect(isApiVersionAccepted(COMPUTE_API_VERSIONS, 'latest')).toBe(false);
  });

  test('errors name the problem like ARM', () => {
    expect(checkApiVersion(EXTENSION_API_VERSIONS, null, 'T')).toMatchObject({ status: 400, body: { error: { code: 'MissingApiVersionParameter' } } });
    expect(checkApiVersion(EXTENSION_API_VERSIONS, '2019-01-01', 'T')).toMatchObject({ status: 400, body: { error: { code: 'InvalidApiVersionParameter' } } });
    expect(checkApiVersion(EXTENSION_API_VERSIONS, '2023-05-01', 'T')).toBeUndefined();
  });
});
