import { describe, expect, test } from '@jest/globals';
import { parseQuery, QueryError, runQuery, type Row } from './resource-graph.ts';

const rows: Row[] = [
  { id: '/s/1/e/a', name: 'a', type: 'microsoft.kubernetesconfiguration/extensions', subscriptionId: 's1', properties: { provisioningState: 'Succeeded', extensionType: 'microsoft.azureml.kubernetes' } },
  { id: '/s/1/c/b', name: 'b', type: 'microsoft.machinelearningservices/workspaces/computes', subscriptionId: 's1', properties: { provisioningState: 'Failed' } },
  { id: '/s/2/c/c', name: 'c', type: 'microsoft.machinelearningservices/workspaces/computes', subscriptionId: 's2', properties: { provisioningState: 'Succeeded' } },
];

const run = (q: string): Row[] => runQuery(parseQuery(q), rows);

describe('the Resource Graph subset', () => {
  test('=~ is case-insensitive, == is not', () => {
    expect(run("resources | where type =~ 'Microsoft.MachineLearningServices/workspaces/computes'").map((r) => r.name)).toEqual(['b', 'c']);
    expect(run("resources | where type == 'Microsoft.MachineLearningServices/workspaces/computes'")).toEqual([]);
  });

  test('and, dotted paths, in~, !~, contains, startswith', () => {
    expect(run("resources | where type contains 'computes' and properties.provisioningState =~ 'succeeded'").map((r) => r.name)).toEqual(['c']);
    expect(run("resources | where subscriptionId in~ ('S2', 'x')").map((r) => r.name)).toEqual(['c']);
    expect(run("resources | where properties.provisioningState !~ 'SUCCEEDED'").map((r) => r.name)).toEqual(['b']);
    expect(run("resources | where id startswith '/S/1/'").map((r) => r.name)).toEqual(['a', 'b']);
  });

  test('project, order by (descending by default), take, count', () => {
    expect(run('resources | project name, properties.provisioningState | order by name | take 2')).toEqual([
      { name: 'c', provisioningState: 'Succeeded' },
      { name: 'b', provisioningState: 'Failed' },
    ]);
    expect(run('resources | order by name asc | limit 1').map((r) => r.name)).toEqual(['a']);
    expect(run("resources | where subscriptionId == 's1' | count")).toEqual([{ Count: 2 }]);
  });

  test('two tables: resources and kubernetesconfigurationresources (any case)', () => {
    expect(parseQuery('resources | count').table).toBe('resources');
    expect(parseQuery("KubernetesConfigurationResources | where name =~ 'azureml'").table).toBe('kubernetesconfigurationresources');
  });

  test('anything else is a QueryError', () => {
    for (const q of ['resources | extend x = 1', 'resources | where type', "resources | where type =~ 'x' or name == 'y'", 'resources where', 'securityresources', "resources | where type =~ x"]) {
      expect(() => parseQuery(q)).toThrow(QueryError);
    }
  });
});
