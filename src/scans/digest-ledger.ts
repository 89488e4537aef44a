import { applyChannelDigest, findChannelDigest, type ChannelDigest, type StateStore } from '../store/index.js';
import { changesSinceDigest, type Digest, type DigestChanges } from './digest.js';
import type { LatestScan } from './types.js';

/** Where a digest went: the channel as configured or typed in, and as Slack answered the post (its id). */
export interface PostedDigest {
  /** The channel the digest was addressed to (an id, or a schedule's `#name`). */
  addressed: string;
  /** The channel id Slack answered with. */
  channel: string;
  /** The message, for a full digest; a "no change" note keeps the last full digest's. */
  ts?: string;
}

/**
 * What each channel was last shown, in the state file: a channel's digest lists what changed since its previous
 * digest (the first one it gets is its baseline), whatever scans ran in between (the one `serve` makes at start,
 * `/rightsize scan` elsewhere, the CLI).
 */
export class DigestLedger {
  constructor(private readonly store: StateStore) {}

  /** What the channel was last shown about the account; undefined before its first digest. */
  previous(channel: string, accountId: string): ChannelDigest | undefined {
    return findChannelDigest(this.store.data, channel, accountId);
  }

  /** The changes a digest of this scan shows in the channel. */
  changesSince(channel: string, latest: LatestScan): DigestChanges {
    const findings = this.store.data.findings;
    return changesSinceDigest(this.previous(channel, latest.account.id), latest, (id) => findings[id]);
  }

  /** Remembers that the channel was shown this digest (after Slack took the post). */
  async record(
    digest: Pick<Digest, 'accountId' | 'scanId' | 'scannedAt' | 'scan'>,
    posted: PostedDigest,
  ): Promise<void> {
    const earlier = this.previous(posted.addressed, digest.accountId);
    const ts = posted.ts ?? earlier?.ts;
    await this.store.update((data) =>
      applyChannelDigest(data, {
        channel: posted.channel,
        ...(posted.addressed !== posted.channel && { aliases: [posted.addressed] }),
        accountId: digest.accountId,
        at: digest.scannedAt,
        ...(digest.scanId && { scanId: digest.scanId }),
        findingIds: digest.scan.result.findings.map((f) => f.id),
        ...(ts && { ts }),
      }),
    );
  }
}
