import { describe, expect, test } from '@jest/globals';
import { detectDialect, parseShell } from './shell.ts';

const words = (text: string, dialect?: 'bash' | 'powershell') => parseShell(text, dialect ? { dialect } : {}).commands.map((c) => c.words.map((w) => w.text));

describe('parseShell', () => {
  test('backslash continuations join lines; words keep their line and column', () => {
    const text = 'az k8s-extension create \\\n  --name azureml \\\n    --config a=1 b=2\n';
    const [cmd] = parseShell(text).commands;
    expect(cmd!.words.map((w) => w.text)).toEqual(['az', 'k8s-extension', 'create', '--name', 'azureml', '--config', 'a=1', 'b=2']);
    const b = cmd!.words.at(-1)!;
    expect([b.start.line, b.start.column]).toEqual([3, 18]);
    expect(text.slice(b.start.offset, b.start.offset + 3)).toBe('b=2');
  });

  test('PowerShell backtick continuations, detected from the text', () => {
    const text = 'az k8s-extension create `\n  --name "azure`"ml" `\n  --config a=C:\\certs\\x.pem\n';
    expect(detectDialect(text)).toBe('powershell');
    expect(words(text)).toEqual([['az', 'k8s-extension', 'create', '--name', 'azure"ml', '--config', 'a=C:\\certs\\x.pem']]);
  });

  test('quotes and escapes', () => {
    expect(words(`echo 'a b' "c \\"d\\" \\$e \\x" f\\ g $'h\\ni'`)).toEqual([['echo', 'a b', 'c "d" $e \\x', 'f g', 'h\ni']]);
  });

  test('several commands: newlines, ; && || | and comments', () => {
    expect(words('a 1; b 2 && c 3 || d | e # f g\n# h\ni')).toEqual([['a', '1'], ['b', '2'], ['c', '3'], ['d'], ['e'], ['i']]);
  });

  test('a # inside a word is not a comment', () => {
    expect(words('curl http://x/#frag')).toEqual([['curl', 'http://x/#frag']]);
  });

  test('variables and substitutions are kept literally and flagged', () => {
    const [cmd] = parseShell('x $A "${B}" \'$C\' $(az aks show -n "q w")').commands;
    expect(cmd!.words.map((w) => w.text)).toEqual(['x', '$A', '${B}', '$C', '$(az aks show -n "q w")']);
    expect(cmd!.words.map((w) => w.expands)).toEqual([false, true, true, false, true]);
    expect(cmd!.words[4]!.substitutions).toEqual(['az aks show -n "q w"']);
  });

  test('documentation placeholders stay one word, even with spaces', () => {
    expect(words('az x --namespace <Kubernetes namespace to run AzureML workloads> --c sslCname=<ssl cname>')).toEqual([
      ['az', 'x', '--namespace', '<Kubernetes namespace to run AzureML workloads>', '--c', 'sslCname=<ssl cname>'],
    ]);
  });

  test('redirections are not words', () => {
    const [cmd] = parseShell('az x --a b > out.txt 2>&1').commands;
    expect(cmd!.words.map((w) => w.text)).toEqual(['az', 'x', '--a', 'b']);
    expect(cmd!.redirects.map((r) => [r.op, r.target?.text])).toEqual([['>', 'out.txt'], ['2>&1', undefined]]);
  });

  test('prompts and markdown noise', () => {
    expect(words('$ az a\n  PS C:\\> az b\n> az c\n```bash\naz d\n```\nUse `az e` here')).toEqual([['az', 'a'], ['az', 'b'], ['az', 'c'], ['bash'], ['az', 'd'], ['Use'], ['az', 'e'], ['here']]);
  });

  test('an apostrophe in prose does not swallow the commands after it', () => {
    const text = "or even expose one or more nodes' IPs directly.\naz k8s-extension create --name x\nDon't stop.\n";
    const parsed = parseShell(text);
    expect(parsed.commands.map((c) => c.words[0]!.text)).toEqual(['or', 'az', "Don't"]);
    expect(parsed.commands[1]!.words.map((w) => w.text)).toEqual(['az', 'k8s-extension', 'create', '--name', 'x']);
  });

  test('a quote left open in prose is read literally and reported, not carried to the next line', () => {
    const parsed = parseShell('see "this\naz a b\n');
    expect(parsed.commands.map((c) => c.words.map((w) => w.text))).toEqual([['see', '"this'], ['az', 'a', 'b']]);
    expect(parsed.issues).toEqual([expect.objectContaining({ message: expect.stringContaining('Unterminated double quote'), start: expect.objectContaining({ line: 1, column: 5 }) })]);
  });

  test('blank space after a continuation backslash is tolerated and reported', () => {
    const parsed = parseShell('az a \\ \n  --b c');
    expect(parsed.commands.map((c) => c.words.map((w) => w.text))).toEqual([['az', 'a', '--b', 'c']]);
    expect(parsed.issues[0]!.start.line).toBe(1);
  });

  test('a backslash-newline inside double quotes continues the string', () => {
    expect(words('az x --query "{ \\\n  a: b }" -o t')).toEqual([['az', 'x', '--query', '{   a: b }', '-o', 't']]);
  });

  test('here-documents are captured and skipped', () => {
    const parsed = parseShell("cat > s.json <<'EOF'\n{\"a\": \"it's\"}\nEOF\naz next\n");
    expect(parsed.commands.map((c) => c.words.map((w) => w.text))).toEqual([['cat'], ['az', 'next']]);
    expect(parsed.commands[0]!.heredocs[0]!.body).toBe('{"a": "it\'s"}\n');
    expect(parsed.commands[0]!.redirects[0]!.target!.text).toBe('s.json');
  });

  test('every character of a word maps back to the input', () => {
    const text = 'az   "x y"\\\n z\'w\'';
    for (const w of parseShell(text).commands.flatMap((c) => c.words)) {
      expect(w.offsets).toHaveLength(w.text.length);
      w.offsets.forEach((o, i) => expect(text[o]).toBe(w.text[i]));
    }
  });
});
