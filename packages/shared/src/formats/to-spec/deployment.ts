// Where a template file (Bicep, ARM) is deployed: the `az deployment group create` command one of its
// `//` comments names (`render --as bicep` starts every file with one), overridden field by field by
// what the user gives (`import --subscription ID --resource-group NAME`).
import type { Diagnostic } from '../../diagnostics.ts';
import { GUID_PATTERN, RESOURCE_GROUP_PATTERN } from '../../model/schema.ts';
import type { DeploymentScope } from './cluster.ts';
import { FOUND_IMPORT_CODES } from './diagnostics.ts';

const GUID = new RegExp(GUID_PATTERN);
const RESOURCE_GROUP = new RegExp(RESOURCE_GROUP_PATTERN);

/** A subscription ID: a GUID. */
export const isSubscriptionId = (text: string): boolean => GUID.test(text);
/** A resource group name: 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending in ".". */
export const isResourceGroupName = (text: string): boolean => RESOURCE_GROUP.test(text);

const COMMAND = /^\s*\/\/.*?\baz\s+deployment\s+group\s+create\b(.*)$/;
const COMMENT = /^\s*\/\/(.*)$/;

interface Command {
  line: number;
  subscription?: string;
  resourceGroup?: string;
  templateFile?: string;
}

const unquote = (t: string): string => t.replace(/^(['"])(.*)\1$/, '$2');

/** The options of one command: `--name VALUE`, `--name=VALUE` and the short forms az takes. */
function commandOf(words: string[], line: number): Command {
  const command: Command = { line };
  for (let i = 0; i < words.length; i += 1) {
    const [flag, inline] = words[i]!.includes('=') && words[i]!.startsWith('-') ? [words[i]!.slice(0, words[i]!.indexOf('=')), words[i]!.slice(words[i]!.indexOf('=') + 1)] : [words[i]!, undefined];
    const value = (): string | undefined => unquote(inline ?? (words[i + 1] !== undefined && !words[i + 1]!.startsWith('-') ? words[(i += 1)]! : ''));
    if (flag === '--subscription') command.subscription = value();
    else if (flag === '--resource-group' || flag === '-g') command.resourceGroup = value();
    else if (flag === '--template-file' || flag === '-f') command.templateFile = value();
  }
  return command;
}

/** Every `az deployment group create` command in the file's `//` comments, with `\` continuation lines joined. */
function commandsIn(text: string): Command[] {
  const lines = text.split(/\r?\n/);
  const commands: Command[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const start = COMMAND.exec(lines[i]!);
    if (!start) continue;
    const line = i + 1;
    let rest = start[1]!;
    while (/\\\s*$/.test(rest) && i + 1 < lines.length && COMMENT.test(lines[i + 1]!)) {
      i += 1;
      rest = `${rest.replace(/\\\s*$/, ' ')} ${COMMENT.exec(lines[i]!)![1]!}`;
    }
    commands.push(commandOf(rest.split(/\s+/).filter(Boolean), line));
  }
  return commands;
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

export interface FileDeployment {
  /** The scope to import the file's resources with; undefined when neither the file nor the user names one. */
  scope?: DeploymentScope;
  diagnostics: Diagnostic[];
}

/**
 * The scope a template file is deployed to. A comment's command counts when it names a resource
 * group and, if it names a template file, this one (by base name; any, for standard input); its
 * values must be a subscription ID and a resource group name. Commands that disagree are not used.
 * `given` (the user's) wins field by field.
 */
export function fileDeployment(file: string, text: string, given: DeploymentScope = {}): FileDeployment {
  const diagnostics: Diagnostic[] = [];
  const note = (line: number, severity: Diagnostic['severity'], message: string) => diagnostics.push({ severity, code: FOUND_IMPORT_CODES.deployment, file, line, column: 1, message });
  const stdin = file === '(stdin)' || file === '-';
  const others: Command[] = [];
  const usable = commandsIn(text).filter((c) => {
    if (!c.resourceGroup) return false;
    if (c.templateFile && !stdin && baseName(c.templateFile) !== baseName(file)) {
      others.push(c);
      return false;
    }
    if (!isResourceGroupName(c.resourceGroup) || (c.subscription !== undefined && !isSubscriptionId(c.subscription))) {
      note(c.line, 'info', `This comment's az deployment group create names ${!isResourceGroupName(c.resourceGroup) ? `"${c.resourceGroup}", not a resource group name` : `"${c.subscription}", not a subscription ID`}: it is not taken as where the file is deployed.`);
      return false;
    }
    return true;
  });
  const scopes = new Set(usable.map((c) => `${c.subscription?.toLowerCase() ?? ''}/${c.resourceGroup!.toLowerCase()}`));
  let found: Command | undefined;
  if (scopes.size === 1) found = usable[0];
  else if (scopes.size > 1) note(usable[1]!.line, 'warning', `The comments of this file name ${scopes.size} different deployments (lines ${usable.map((c) => c.line).join(', ')}): none is taken as where the file is deployed. Give it with --subscription and --resource-group.`);
  if (usable.length === 0 && others.length > 0) note(others[0]!.line, 'info', `The az deployment group create commands of this file's comments deploy other files (${[...new Set(others.map((c) => c.templateFile))].join(', ')}): none is taken as where this one is deployed. Split the files as rendered, or give --subscription and --resource-group.`);
  const subscriptionId = given.subscriptionId ?? found?.subscription;
  const resourceGroup = given.resourceGroup ?? found?.resourceGroup;
  if (found) {
    const says = `This comment's az deployment group create deploys the file to resource group ${found.resourceGroup}${found.subscription ? ` of subscription ${found.subscription}` : ''}`;
    const overridden = [given.subscriptionId && found.subscription && given.subscriptionId.toLowerCase() !== found.subscription.toLowerCase() ? `subscription ${given.subscriptionId}` : '', given.resourceGroup && given.resourceGroup.toLowerCase() !== found.resourceGroup!.toLowerCase() ? `resource group ${given.resourceGroup}` : ''].filter(Boolean);
    note(found.line, 'info', `${says}: the spec takes the coordinates the file does not write from it${overridden.length > 0 ? `, except the ${overridden.join(' and ')} given on the command line, which win` : ''}.`);
  }
  const scope = subscriptionId || resourceGroup ? { ...(subscriptionId ? { subscriptionId } : {}), ...(resourceGroup ? { resourceGroup } : {}) } : undefined;
  return { scope, diagnostics };
}
