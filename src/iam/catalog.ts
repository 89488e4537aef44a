import { ActionSet } from './action-set.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogActionInput {
  service: string; // IAM service prefix, lower case: "s3"
  name: string; // action name as AWS spells it: "GetObject"
  accessLevel: AccessLevel;
  resourceTypes: readonly string[]; // empty ⇒ the action only supports Resource "*"
}

export interface CatalogAction extends CatalogActionInput {
  index: number;
  key: string; // "s3:GetObject"
}

export interface CatalogService {
  prefix: string;
  name: string;
  start: number; // first action index (actions of one service are contiguous)
  end: number; // one past the last
}

/** A service's actions as a catalog source reads them: the names at once, each one's resource types on demand. */
export interface ServiceActions {
  /** In catalog order (sorted by lower-cased name), as AWS spells them. */
  names: readonly string[];
  resourceTypes(position: number): readonly string[];
}

/**
 * One service as a catalog is built from it. Its access levels are known up front; its names are read when one of
 * its actions is first asked for, so a process that touches a few services never reads the other 20,000 actions.
 */
export interface CatalogServiceSource {
  prefix: string;
  name: string;
  /** One character per action, in catalog order: "0" + its position in the catalog's level table. */
  levels: string;
  /** The actions, as many as `levels` has characters; called at most once. */
  read: () => ServiceActions;
}

const LEVEL_ZERO = 48; // "0"

/**
 * Every IAM action AWS documents, indexed so that an action is a bit position.
 * Actions are sorted by service then lower-cased name, so a service is a contiguous index range.
 */
export class ActionCatalog {
  readonly size: number;
  private readonly sources: readonly CatalogServiceSource[];
  private readonly levelTable: readonly AccessLevel[];
  /** The services in catalog order, and where each starts: a partition of the action indices. */
  private readonly servicesInOrder: readonly CatalogService[];
  private readonly serviceStarts: Uint32Array;
  private readonly positionsByPrefix = new Map<string, number>();
  /** The services read so far, by position. */
  private readonly serviceActions: (ServiceActions | undefined)[];
  /** The actions asked for so far, by index. */
  private readonly actionsByIndex: (CatalogAction | undefined)[];
  /** Actions as callers spell them ("iam:PassRole"), to skip lower-casing the same names again and again. */
  private readonly byName = new Map<string, number>();

  constructor(
    sources: readonly CatalogServiceSource[],
    levelTable: readonly AccessLevel[],
    readonly version = 'custom',
  ) {
    this.sources = sources;
    this.levelTable = levelTable;
    let start = 0;
    this.servicesInOrder = sources.map((source, position) => {
      this.positionsByPrefix.set(source.prefix, position);
      const service = { prefix: source.prefix, name: source.name, start, end: start + source.levels.length };
      start = service.end;
      return service;
    });
    this.size = start;
    this.serviceStarts = Uint32Array.from(this.servicesInOrder, (s) => s.start);
    this.serviceActions = new Array<ServiceActions | undefined>(sources.length);
    this.actionsByIndex = new Array<CatalogAction | undefined>(start);
  }

  /** A catalog of the given actions, sorted by service then name; a repeated action counts once. */
  static fromActions(
    inputs: readonly CatalogActionInput[],
    serviceNames: ReadonlyMap<string, string> = new Map(),
    version = 'custom',
  ): ActionCatalog {
    const sorted = [...inputs].sort((a, b) =>
      a.service === b.service ? compare(a.name.toLowerCase(), b.name.toLowerCase()) : compare(a.service, b.service),
    );
    const levelTable: AccessLevel[] = [];
    const services: { prefix: string; levels: string[]; actions: CatalogActionInput[] }[] = [];
    for (const input of sorted) {
      let service = services.at(-1);
      if (service?.prefix !== input.service)
        services.push((service = { prefix: input.service, levels: [], actions: [] }));
      const previous = service.actions.at(-1);
      if (previous && previous.name.toLowerCase() === input.name.toLowerCase()) continue;
      if (!levelTable.includes(input.accessLevel)) levelTable.push(input.accessLevel);
      service.levels.push(String.fromCharCode(LEVEL_ZERO + levelTable.indexOf(input.accessLevel)));
      service.actions.push(input);
    }
    const sources = services.map(({ prefix, levels, actions }) => ({
      prefix,
      name: serviceNames.get(prefix) ?? prefix,
      levels: levels.join(''),
      read: () => ({ names: actions.map((a) => a.name), resourceTypes: (k: number) => actions[k]!.resourceTypes }),
    }));
    return new ActionCatalog(sources, levelTable, version);
  }

  /** Index of an exact action ("s3:getobject" matches "s3:GetObject"), or undefined. */
  indexOf(action: string): number | undefined {
    let index = this.byName.get(action);
    if (index === undefined) {
      index = this.find(action.toLowerCase());
      // Only names of catalog actions are remembered: the map stays bounded whatever callers ask.
      if (index !== undefined) this.byName.set(action, index);
    }
    return index;
  }

  action(index: number): CatalogAction {
    return this.actionsByIndex[index] ?? this.build(index);
  }

  /** The name of an action as AWS spells it ("GetObject"), without building the action. */
  nameOf(index: number): string {
    const position = this.positionOf(this.checked(index));
    return this.read(position).names[index - this.servicesInOrder[position]!.start]!;
  }

  /** The actions of one service, in catalog order. */
  actionsOf(service: CatalogService): CatalogAction[] {
    const actions: CatalogAction[] = [];
    for (let i = service.start; i < service.end; i++) actions.push(this.action(i));
    return actions;
  }

  service(prefix: string): CatalogService | undefined {
    const position = this.positionsByPrefix.get(prefix.toLowerCase());
    return position === undefined ? undefined : this.servicesInOrder[position];
  }

  services(): IterableIterator<CatalogService> {
    return this.servicesInOrder.values();
  }

  emptySet(): ActionSet {
    return ActionSet.empty(this.size);
  }

  fullSet(): ActionSet {
    return ActionSet.full(this.size);
  }

  setOf(actions: Iterable<string>): ActionSet {
    const set = this.emptySet();
    for (const a of actions) {
      const i = this.indexOf(a);
      if (i !== undefined) set.add(i);
    }
    return set;
  }

  /** The actions whose access level passes `test`, from the levels alone (no service is read). */
  withAccessLevel(test: (level: AccessLevel) => boolean): ActionSet {
    const passes = this.levelTable.map(test);
    const set = this.emptySet();
    this.servicesInOrder.forEach((service, position) => {
      const levels = this.sources[position]!.levels;
      for (let k = 0; k < levels.length; k++) if (passes[levels.charCodeAt(k) - LEVEL_ZERO]) set.add(service.start + k);
    });
    return set;
  }

  /** Action names of a set, e.g. for output. */
  keysOf(set: ActionSet): string[] {
    return set.members().map((i) => this.action(i).key);
  }

  /** The services with at least one action in the set, in catalog order. */
  servicesOf(set: ActionSet): readonly CatalogService[] {
    const ordered = this.servicesInOrder;
    return set.rangesWithMembers(this.serviceStarts).map((position) => ordered[position]!);
  }

  /** Whether the set has actions of at least n services: stops counting at n. */
  spansServices(set: ActionSet, n: number): boolean {
    return set.rangesWithMembers(this.serviceStarts, n).length >= n;
  }

  /** Per-service counts of a set, in catalog order, services with zero members left out. */
  countByService(set: ActionSet): { service: CatalogService; count: number }[] {
    const counts: { service: CatalogService; count: number }[] = [];
    let position = -1;
    for (const i of set) {
      if (position < 0 || i >= this.servicesInOrder[position]!.end) {
        position = this.positionOf(i);
        counts.push({ service: this.servicesInOrder[position]!, count: 0 });
      }
      counts[counts.length - 1]!.count++;
    }
    return counts;
  }

  /** The index of a lower-cased action ("s3:getobject"): its service's names are sorted by lower-cased name. */
  private find(key: string): number | undefined {
    const colon = key.indexOf(':');
    const position = colon < 0 ? undefined : this.positionsByPrefix.get(key.slice(0, colon));
    if (position === undefined) return undefined;
    const names = this.read(position).names;
    const name = key.slice(colon + 1);
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (names[mid]!.toLowerCase() < name) lo = mid + 1;
      else hi = mid;
    }
    return lo < names.length && names[lo]!.toLowerCase() === name
      ? this.servicesInOrder[position]!.start + lo
      : undefined;
  }

  private build(index: number): CatalogAction {
    const position = this.positionOf(this.checked(index));
    const service = this.servicesInOrder[position]!;
    const actions = this.read(position);
    const k = index - service.start;
    const name = actions.names[k]!;
    const accessLevel = this.levelTable[this.sources[position]!.levels.charCodeAt(k) - LEVEL_ZERO]!;
    const resourceTypes = actions.resourceTypes(k);
    const action = {
      service: service.prefix,
      name,
      accessLevel,
      resourceTypes,
      index,
      key: `${service.prefix}:${name}`,
    };
    this.actionsByIndex[index] = action;
    return action;
  }

  private read(position: number): ServiceActions {
    let actions = this.serviceActions[position];
    if (!actions) {
      const source = this.sources[position]!;
      actions = source.read();
      if (actions.names.length !== source.levels.length)
        throw new Error(
          `catalog service ${source.prefix} lists ${actions.names.length} actions for ${source.levels.length} levels`,
        );
      this.serviceActions[position] = actions;
    }
    return actions;
  }

  private checked(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`no catalog action at index ${index}`);
    return index;
  }

  /** The position of the service holding action `index`. */
  private positionOf(index: number): number {
    const starts = this.serviceStarts;
    let lo = 0;
    let hi = starts.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
