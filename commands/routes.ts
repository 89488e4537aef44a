import type { App } from '@slack/bolt';

type Constraint = string | RegExp;

/**
 * What the registered listeners answer: action ids, view callback ids and slash commands. Bolt runs every matching
 * listener and never says that none matched (the request just times out after 3 s), so the fallback middleware
 * (middleware/answer-unknown.ts) checks a request against these before any listener runs.
 */
export class KnownRoutes {
  readonly #actions: Constraint[] = [];
  readonly #views: Constraint[] = [];
  readonly #commands: Constraint[] = [];

  hasAction(actionId: string): boolean {
    return matches(this.#actions, actionId);
  }

  hasView(callbackId: string): boolean {
    return matches(this.#views, callbackId);
  }

  hasCommand(command: string): boolean {
    return matches(this.#commands, command);
  }

  /** The app as the listeners see it: registering an action, view or command also records it here. */
  recording(app: App): App {
    const lists: Record<string, Constraint[]> = {
      action: this.#actions,
      view: this.#views,
      command: this.#commands,
    };
    return new Proxy(app, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        const list = typeof key === 'string' ? lists[key] : undefined;
        if (!list) return value.bind(target);
        return (constraint: unknown, ...rest: unknown[]) => {
          if (typeof constraint !== 'string' && !(constraint instanceof RegExp))
            throw new TypeError(`register ${String(key)} listeners by id or pattern, so unknown ones can be answered`);
          list.push(constraint);
          return (value as (...args: unknown[]) => unknown).call(target, constraint, ...rest);
        };
      },
    });
  }
}

function matches(constraints: readonly Constraint[], id: string): boolean {
  return constraints.some((c) => (typeof c === 'string' ? c === id : c.test(id)));
}
