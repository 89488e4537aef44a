import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { expandEnvironment } from './environment.js';
import { configSchema, type AccountConfig, type ParsedConfig, type ScheduleConfig } from './schema.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { formatPath } from '../key-path.js';
import type { RuleSettings } from '../risks/settings.js';

export type { AccountConfig, JiraConfig, ScheduleConfig, TeamConfig } from './schema.js';

/** The validated configuration; paths are absolute (resolved against the config file's directory). */
export interface RightsizeConfig extends Omit<ParsedConfig, 'rules'> {
  /** The file it came from, when it came from one. */
  file?: string;
  rules: RuleSettings;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads and validates a YAML or JSON config file; every problem in it is reported at once, with its key. */
export async function loadConfig(file: string, env: Environment): Promise<RightsizeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ConfigError(file, [{ path: '', message: reason }], {
      cause: e,
      hint: 'pass --config FILE or set RIGHTSIZE_CONFIG; rightsize.example.yaml shows every key',
    });
  }
  return parseConfig(text, env, file);
}

/** Validates config text (YAML, which includes JSON); `file` names it in errors and anchors relative paths. */
export function parseConfig(text: string, env: Environment, file?: string): RightsizeConfig {
  const raw = readConfigText(text, file);
  const problems: ConfigProblem[] = [];
  const expanded = expandEnvironment(raw, env, problems);
  if (problems.length > 0) throw new ConfigError(file, problems, { hint: 'export the variables before starting' });
  const parsed = configSchema.safeParse(expanded, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
  });
  if (!parsed.success)
    throw new ConfigError(
      file,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) })),
      { hint: 'rightsize.example.yaml documents every key' },
    );
  const base = file ? dirname(resolve(file)) : process.cwd();
  const config: RightsizeConfig = {
    ...parsed.data,
    accounts: parsed.data.accounts.map((a) => (a.snapshot ? { ...a, snapshot: resolve(base, a.snapshot) } : a)),
  };
  if (parsed.data.stateFile) config.stateFile = resolve(base, parsed.data.stateFile);
  if (file) config.file = resolve(file);
  return config;
}

/** The YAML or JSON value of config text; syntax errors and documents too big to expand are ConfigErrors. */
function readConfigText(text: string, file?: string): unknown {
  const format = extname(file ?? '') === '.json' ? 'JSON' : 'YAML';
  try {
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      // The first syntax error is the one to fix; the ones after it are usually its echoes.
      const first = document.errors[0]!.message.split('\n')[0]!.replace(/:$/, '');
      throw new ConfigError(file, [{ path: '', message: `not valid ${format}: ${first}` }]);
    }
    return document.toJS() ?? {};
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // yaml refuses aliases that expand without bound ("billion laughs") with a ReferenceError; nesting thousands
    // deep overflows the stack with a RangeError. Neither is a configuration anyone writes.
    if (e instanceof ReferenceError || e instanceof RangeError)
      throw new ConfigError(file, [{ path: '', message: `not usable ${format}: ${(e as Error).message}` }], {
        cause: e,
        hint: 'write the configuration out plainly: a few aliases and at most a few levels of nesting',
      });
    throw e;
  }
}

/** The configuration when there is no file: no accounts, no schedules, default rule settings. */
export function defaultConfig(): RightsizeConfig {
  return parseConfig('{}', {});
}

/** An account by id or name. */
export function findAccount(config: RightsizeConfig, ref: string): AccountConfig | undefined {
  return config.accounts.find((a) => a.id === ref || a.name === ref);
}

/** The accounts a schedule scans: those it names, or every account. */
export function scheduledAccounts(config: RightsizeConfig, schedule: ScheduleConfig): AccountConfig[] {
  if (!schedule.accounts) return config.accounts;
  return schedule.accounts.map((ref) => findAccount(config, ref)).filter((a): a is AccountConfig => a !== undefined);
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys)
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}
