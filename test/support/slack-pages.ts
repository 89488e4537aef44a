import { expect } from 'vitest';
import type { SlackAppHarness } from './slack-app.js';

type Json = Record<string, unknown>;

/** Finding ids in blocks, as their buttons carry them (encoded finding refs). */
export function findingIdsIn(blocks: unknown): string[] {
  return [...JSON.stringify(blocks).matchAll(/\\"f\\":\\"([a-z-]+-[0-9a-f]{10})/g)].map((m) => m[1]!);
}

/** The "Show all" buttons among blocks (section accessories and actions elements). */
export function showAllButtons(blocks: readonly Json[]): Json[] {
  return blocks
    .flatMap((b) => [b.accessory as Json | undefined, ...((b.elements as Json[] | undefined) ?? [])])
    .filter((e): e is Json => e?.action_id === 'page.show');
}

/**
 * Clicks a Show all button (signed, through the app) and turns its paged modal with Next until there is none:
 * every finding id the pages listed, every page, and the last page.
 */
export async function pageThrough(
  h: SlackAppHarness,
  value: string,
  options: { fromHome?: boolean; user?: string } = {},
): Promise<{ listed: string[]; pages: Json[]; last: Json }> {
  const updates = () => h.api.callsOf('views.update');
  const before = updates().length;
  await h.requests.buttonClick('page.show', value, options).send();
  let page = await h.api.waitFor(() => {
    const view = updates().slice(before).at(-1)?.args.view as Json | undefined;
    return view && view.callback_id === 'page.view' ? view : undefined;
  });
  const listed: string[] = [];
  const pages: Json[] = [];
  for (let turns = 0; ; turns++) {
    pages.push(page);
    listed.push(...findingIdsIn(page.blocks));
    const next = (page.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === 'page.next');
    if (!next) break;
    expect(turns).toBeLessThan(20);
    const count = updates().length;
    await h.requests.buttonClick('page.next', next.value as string, { fromPages: true }).send();
    page = await h.api.waitFor(() => updates()[count]?.args.view as Json | undefined);
  }
  return { listed, pages, last: page };
}
