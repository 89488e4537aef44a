import type { ChannelDigest, StateData } from './types.js';

/** What the channel (its id, or a name it was given as) was last shown about the account. */
export function findChannelDigest(
  data: Pick<StateData, 'channelDigests'>,
  channel: string,
  accountId: string,
): ChannelDigest | undefined {
  return data.channelDigests.find(
    (d) => d.accountId === accountId && (d.channel === channel || d.aliases?.includes(channel)),
  );
}

/** Records what a channel was just shown, in place of what it was shown before (keeping the names it goes by). */
export function applyChannelDigest(data: StateData, digest: ChannelDigest): void {
  const names = new Set([digest.channel, ...(digest.aliases ?? [])]);
  const earlier = data.channelDigests.filter(
    (d) => d.accountId === digest.accountId && [d.channel, ...(d.aliases ?? [])].some((n) => names.has(n)),
  );
  data.channelDigests = data.channelDigests.filter((d) => !earlier.includes(d));
  const aliases = new Set([...earlier.flatMap((d) => [d.channel, ...(d.aliases ?? [])]), ...(digest.aliases ?? [])]);
  aliases.delete(digest.channel);
  const { aliases: _given, ...rest } = digest;
  data.channelDigests.push({ ...rest, ...(aliases.size > 0 && { aliases: [...aliases].sort() }) });
}
