// Hostile `import az` input: linear-time lexing, no silent loss, settings files JSON only.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAz, importAzToYaml } from './az.ts';
import { parseShell } from './shell.ts';

const CREATE = 'az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes --cluster-type managedClusters --cluster-name c --resource-group rg --scope cluster';

// Quadratic lexing took about 100 s on 400 KB of `$(`; linear lexing takes well under a second.
// The per-test timeout (30 s) is the bound, so that load on a shared CI machine cannot fail it.
const QUADRATIC_WOULD_TIME_OUT = 30_000;

describe('linear-time lexing', () => {
  test.each([
    ['$(', '$('],
    ['${', '${'],
    ['"$(', '"$('],
    ['$( )', '$( '],
  ])('400 KB of %s lexes in linear time', (_name, unit) => {
    const text = `${CREATE} ${unit.repeat(Math.ceil(400_000 / unit.length))}`;
    expect(parseShell(text).commands.length).toBeGreaterThan(0);
    const imported = importAz(text);
    expect(imported.documents.length + imported.diagnostics.length).toBeGreaterThan(0);
  }, QUADRATIC_WOULD_TIME_OUT);

  test('variables that double at every line stay bounded', () => {
    const lines = ['A0=xxxxxxxx', ...Array.from({ length: 40 }, (_v, i) => `A${i + 1}="$A${i}$A${i}"`), `CMD="az k8s-extension create $A40"`, '$CMD', 'eval "$A40"', `${CREATE} --config enableTraining=True x=$A40`];
    const r = importAz(lines.join('\n'));
    expect(r.documents).toHaveLength(1);
  }, QUADRATIC_WOULD_TIME_OUT);

  test('substitutions nested deeper than any script are read to a bounded depth', () => {
    const text = `X=${'$(az k8s-extension create '.repeat(300)}${')'.repeat(300)}\n${CREATE} --config enableTraining=True`;
    expect(importAz(text).documents.length).toBeGreaterThan(0);
  }, QUADRATIC_WOULD_TIME_OUT);

  test('nested substitutions still match', () => {
    const cmd = parseShell('echo $(a $(b) "$(c)" $(d) e)').commands[0]!;
    expect(cmd.words[1]!.substitutions).toEqual(['a $(b) "$(c)" $(d) e']);
    expect(parseShell('echo $( $(x)').issues.map((i) => i.message)).toEqual(['Command substitution "$(" is never closed.']);
  });
});

describe('settings files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amlk-import-'));
    mkdirSync(join(dir, 'docs', 'conf'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'conf', 'settings.json'), '{"inferenceRouterServiceType": "LoadBalancer", "constructor": "x", "__proto__": "y", "toString": "z"}');
    writeFileSync(join(dir, 'docs', 'conf', 'protected.json'), '{"serviceBusConnectionString": "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=VERYSECRET="}');
    writeFileSync(join(dir, 'docs', 'conf', 'aws-credentials'), '[default]\naws_access_key_id=AKIAEXAMPLE\naws_secret_access_key=NOTFORSPEC\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a file that is not JSON is refused and none of its text reaches the spec', () => {
    const r = importAzToYaml(`${CREATE} --config-file conf/aws-credentials`, { file: 'docs/cmds.sh', cwd: dir });
    expect(r.yaml).not.toMatch(/AKIAEXAMPLE|NOTFORSPEC|aws_/);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/not valid JSON|the only form az reads/);
    expect(JSON.stringify(r.diagnostics)).not.toMatch(/AKIAEXAMPLE|NOTFORSPEC/);
  });

  test('relative paths are read relative to the input file, keys like constructor are keys', () => {
    const r = importAzToYaml(`${CREATE} --config-file conf/settings.json --config-protected-file conf/protected.json`, { file: 'docs/cmds.sh', cwd: dir });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.yaml).toMatch(/constructor: x/);
    expect(r.yaml).toMatch(/__proto__: y/);
    expect(r.yaml).toMatch(/toString: z/);
    // The protected value becomes an environment reference with a note, never clear text.
    expect(r.yaml).not.toContain('VERYSECRET');
    expect(r.yaml).toMatch(/serviceBusConnectionString: \{ env: \w+ \}|serviceBusConnectionString:\s*\n\s*env: \w+/);
  });

  test('--config keys named like Object.prototype members', () => {
    const r = importAzToYaml(`${CREATE} --config constructor=a toString=b hasOwnProperty=c __proto__=d valueOf=e --config-protected constructor=s1 __proto__=s2`, { file: 'cmds.sh', cwd: dir });
    expect(r.documents).toHaveLength(1);
    expect(r.yaml).toMatch(/hasOwnProperty: c/);
    expect(r.yaml).toMatch(/__proto__: d/);
    expect(r.yaml).not.toMatch(/s1|s2/);
  });
});

describe('no silent loss', () => {
  test('backtick substitution in a value is kept as written (like $(...)), and the settings after it are kept', () => {
    const r = importAzToYaml(`${CREATE} --config inferenceRouterServiceType=\`echo LoadBalancer\` --config-protected serviceBusConnectionString=\`cat sb.txt\` sslKeyPemFile=key.pem`, { file: 'cmds.sh' });
    expect(r.yaml).toMatch(/serviceBusConnectionString/);
    expect(r.yaml).toMatch(/sslKeyPemFile|keyFile/);
    expect(r.yaml).toContain('inferenceRouterServiceType: "`echo LoadBalancer`"');
  });

  test('an unterminated here-document is reported', () => {
    const r = importAz(`cat > s.json <<EOF\n{"a": "b"}\n${CREATE} --config-file s.json\n`, { file: 'cmds.sh' });
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/Here-document "EOF" is never closed/);
  });
});
