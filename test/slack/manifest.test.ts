import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../commands/slash/registry.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

describe('manifest.yml', () => {
  it('declares what the app listens to, with the least bot scopes', async () => {
    const manifest = parse(await readFile('manifest.yml', 'utf8')) as Manifest;
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    // Escaped text sends "@person" as <@U…|name>, which `risks --owner` needs (the parser reads Slack's markup).
    expect(manifest.features.slash_commands[0]?.should_escape).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    // commands: the slash command; chat:write: digests and approval DMs (chat.postMessage); files:write: the digest's
    // overflow file and long diffs; im:write: conversations.open for the diff's DM; usergroups:read: owners, muters
    // and fix approvers by group.
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'im:write',
      'usergroups:read',
    ]);
  });

  it('names the bot the way the "invite me" hint does', async () => {
    const manifest = parse(await readFile('manifest.yml', 'utf8')) as Manifest;
    const scan = await readFile('commands/slash/scan.ts', 'utf8');
    expect(scan).toContain(`/invite @${manifest.features.bot_user.display_name}`);
  });
});
