import type { ConfigProblem } from '../errors.js';
import { formatPath } from '../key-path.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a parsed config file with the environment variable NAME, so secrets
 * stay out of the file. An unset variable is a problem at the key that names it, never an empty string.
 */
export function expandEnvironment(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  problems: ConfigProblem[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string')
    return value.replace(REFERENCE, (whole, name: string) => {
      const replacement = env[name];
      if (replacement === undefined || replacement === '') {
        problems.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
        return whole;
      }
      return replacement;
    });
  if (Array.isArray(value)) return value.map((item, i) => expandEnvironment(item, env, problems, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandEnvironment(item, env, problems, [...path, key])]),
    );
  return value;
}
