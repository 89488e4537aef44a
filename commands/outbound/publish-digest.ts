import type { WebClient } from '@slack/web-api';
import type { Ownership, ResourceOwner } from '../../src/access/types.js';
import type { NoChangeAction } from '../../src/config/index.js';
import type { Digest } from '../../src/scans/digest.js';
import type { DigestLedger } from '../../src/scans/digest-ledger.js';
import { organizationDigestParts, type OrganizationDigest } from '../../src/scans/organization-digest.js';
import { digestMessage, noChangeMessage } from '../../views/digest-messages.js';
import { organizationDigestMessage, organizationNoChangeMessage } from '../../views/organization-digest.js';
import { asMessage } from '../block-kit.js';

export interface DigestDelivery {
  client: WebClient;
  ledger: Pick<DigestLedger, 'previous' | 'record'>;
  ownership: Pick<Ownership, 'ownerOf'>;
  /** Jira is configured: groups get a "Create Jira issues" button. */
  jira: boolean;
}

/** What became of a digest: the full message, a one-line "no change" (in the channel or the last digest's thread), or nothing. */
export type DeliveredDigest =
  | { kind: 'digest' | 'no-change'; channel: string; ts: string }
  | { kind: 'quiet'; channel: string; ts: string; thread: string }
  | { kind: 'skipped' };

/**
 * Posts a digest to a channel and remembers what the channel was shown (the next digest there is a delta since
 * this one). When nothing in scope changed, `onNoChange` decides: a one-line note (`post`), the note in the thread
 * of the channel's last full digest (`quiet`, no channel notification), or nothing (`skip`).
 */
export async function deliverDigest(
  delivery: DigestDelivery,
  channel: string,
  digest: Digest,
  onNoChange: NoChangeAction,
): Promise<DeliveredDigest> {
  const { client, ledger } = delivery;
  if (digest.changed) {
    const posted = await post(
      client,
      channel,
      asMessage(digestMessage({ digest, owners: owners(delivery, digest), jira: delivery.jira })),
    );
    await ledger.record(digest, { addressed: channel, ...posted });
    return { kind: 'digest', ...posted };
  }
  const previous = ledger.previous(channel, digest.accountId);
  if (onNoChange === 'skip') {
    if (previous) await ledger.record(digest, { addressed: channel, channel: previous.channel });
    return { kind: 'skipped' };
  }
  const note = asMessage(noChangeMessage(digest));
  if (onNoChange === 'quiet' && previous?.ts) {
    const posted = await post(client, previous.channel, note, previous.ts);
    await ledger.record(digest, { addressed: channel, channel: posted.channel });
    return { kind: 'quiet', ...posted, thread: previous.ts };
  }
  const posted = await post(client, channel, note);
  await ledger.record(digest, { addressed: channel, channel: posted.channel });
  return { kind: 'no-change', ...posted };
}

/**
 * Posts an organisation's digest to a channel, as deliverDigest does an account's, and remembers what the channel
 * was shown of each part (every account, and the organisation's paths): the next one there is a delta since this.
 */
export async function deliverOrganizationDigest(
  delivery: Pick<DigestDelivery, 'client' | 'ledger' | 'ownership'>,
  channel: string,
  digest: OrganizationDigest,
  onNoChange: NoChangeAction,
): Promise<DeliveredDigest> {
  const { client, ledger } = delivery;
  const parts = organizationDigestParts(digest);
  const remember = async (posted: { channel: string; ts?: string }) => {
    for (const part of parts) await ledger.record(part, { addressed: channel, ...posted });
  };
  if (digest.changed) {
    const message = organizationDigestMessage(digest, owners(delivery, digest.paths));
    const posted = await post(client, channel, asMessage(message));
    await remember(posted);
    return { kind: 'digest', ...posted };
  }
  const previous = ledger.previous(channel, digest.organizationId);
  if (onNoChange === 'skip') {
    if (previous) await remember({ channel: previous.channel });
    return { kind: 'skipped' };
  }
  const note = asMessage(organizationNoChangeMessage(digest));
  if (onNoChange === 'quiet' && previous?.ts) {
    const posted = await post(client, previous.channel, note, previous.ts);
    await remember({ channel: posted.channel });
    return { kind: 'quiet', ...posted, thread: previous.ts };
  }
  const posted = await post(client, channel, note);
  await remember({ channel: posted.channel });
  return { kind: 'no-change', ...posted };
}

async function post(
  client: WebClient,
  channel: string,
  message: ReturnType<typeof asMessage>,
  thread?: string,
): Promise<{ channel: string; ts: string }> {
  const posted = await client.chat.postMessage({
    channel,
    ...message,
    ...(thread && { thread_ts: thread }),
    unfurl_links: false,
  });
  if (!posted.ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
  return { channel: posted.channel ?? channel, ts: posted.ts };
}

/** The owners of the digest's new and reopened findings, for the mentions on serious ones. */
function owners(delivery: Pick<DigestDelivery, 'ownership'>, digest: Digest): Map<string, ResourceOwner> {
  const byId = new Map(digest.scan.result.findings.map((f) => [f.id, f]));
  const found = new Map<string, ResourceOwner>();
  for (const { id } of [...digest.new, ...digest.reopened]) {
    const finding = byId.get(id);
    const owner = finding && delivery.ownership.ownerOf(finding, digest.scan);
    if (owner) found.set(id, owner);
  }
  return found;
}
