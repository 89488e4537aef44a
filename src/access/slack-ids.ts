/** A Slack user can get a DM; a user group (S…) cannot. */
export function isSlackUser(id: string): boolean {
  return /^[UW]/.test(id);
}

/** A Slack user or user group as the mention Slack renders with its current name. */
export function mentionOf(slackId: string): string {
  return isSlackUser(slackId) ? `<@${slackId}>` : `<!subteam^${slackId}>`;
}
