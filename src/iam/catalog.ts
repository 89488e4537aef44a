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

/**
 * Every IAM action AWS documents, indexed so that an action is a bit position.
 * Actions are sorted by service then name, so a service is a contiguous index range.
 */
export class ActionCatalog {
  readonly actions: readonly CatalogAction[];
  private readonly byKey = new Map<string, number>();
  /** Actions as callers spell them ("iam:PassRole"), to skip lower-casing the same names again and again. */
  private readonly byName = new Map<string, number>();
  private readonly servicesByPrefix = new Map<string, CatalogService>();
  /** The services in catalog order, and where each starts: a partition of the action indices. */
  private readonly servicesInOrder: readonly CatalogService[];
  private readonly serviceStarts: Uint32Array;

  constructor(
    inputs: readonly CatalogActionInput[],
    serviceNames: ReadonlyMap<string, string> = new Map(),
    readonly version = 'custom',
  ) {
    const sorted = [...inputs].sort((a, b) =>
      a.service === b.service ? compare(a.name.toLowerCase(), b.name.toLowerCase()) : compare(a.service, b.service),
    );
    const actions: CatalogAction[] = [];
    for (const input of sorted) {
      const key = `${input.service}:${input.name}`;
      if (this.byKey.has(key.toLowerCase())) continue;
      const index = actions.length;
      actions.push({ ...input, index, key });
      this.byKey.set(key.toLowerCase(), index);
      const service = this.servicesByPrefix.get(input.service);
      if (service) service.end = index + 1;
      else
        this.servicesByPrefix.set(input.service, {
          prefix: input.service,
          name: serviceNames.get(input.service) ?? input.service,
          start: index,
          end: index + 1,
        });
    }
    this.actions = actions;
    this.servicesInOrder = [...this.servicesByPrefix.values()];
    this.serviceStarts = Uint32Array.from(this.servicesInOrder, (s) => s.start);
  }

  get size(): number {
    return this.actions.length;
  }

  /** Index of an exact action ("s3:getobject" matches "s3:GetObject"), or undefined. */
  indexOf(action: string): number | undefined {
    let index = this.byName.get(action);
    if (index === undefined) {
      index = this.byKey.get(action.toLowerCase());
      // Only names of catalog actions are remembered: the map stays bounded whatever callers ask.
      if (index !== undefined) this.byName.set(action, index);
    }
    return index;
  }

  action(index: number): CatalogAction {
    const action = this.actions[index];
    if (!action) throw new RangeError(`no catalog action at index ${index}`);
    return action;
  }

  service(prefix: string): CatalogService | undefined {
    return this.servicesByPrefix.get(prefix.toLowerCase());
  }

  services(): IterableIterator<CatalogService> {
    return this.servicesByPrefix.values();
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
    let current: CatalogService | undefined;
    let n = 0;
    for (const i of set) {
      const service = this.servicesByPrefix.get(this.actions[i]!.service)!;
      if (service !== current) {
        if (current && n > 0) counts.push({ service: current, count: n });
        current = service;
        n = 0;
      }
      n++;
    }
    if (current && n > 0) counts.push({ service: current, count: n });
    return counts;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
