import { join } from 'node:path';
import { parseConfig, type RightsizeConfig } from '../../src/config/index.js';
import { demoSnapshotDir } from '../../src/snapshot/demo.js';
import { connectJira, jiraCredentials } from '../../src/jira/connect.js';
import { JiraService } from '../../src/jira/jira-service.js';
import { issueEvidence } from '../../src/jira/issue-evidence.js';
import { ScanService } from '../../src/scans/scan-service.js';
import { DirectorySnapshotSource } from '../../src/scans/snapshot-source.js';
import { StateStore } from '../../src/store/index.js';
import { realEngine } from './catalog.js';
import { tempDir } from './findings.js';
import { LocalJira } from './jira-server.js';

export const CLOUD_ENV = { JIRA_EMAIL: 'rightsize@acme.io', JIRA_API_TOKEN: 'cloud-token' };
export const SERVER_ENV = { JIRA_PAT: 'dc-personal-token' };
export const ACTOR = { id: 'alice', via: 'cli' } as const;

/** The config's `ownership` and `jira` sections for a local Jira (YAML). */
export function jiraConfigText(url: string, flavour: 'cloud' | 'server'): string {
  const assignee = flavour === 'cloud' ? '5b10ac8d82e05b22cc7d4ef5' : 'alice.nguyen';
  return [
    'ownership:',
    '  teams:',
    '    platform: { jiraProject: PLAT, jiraAssignee: ' + assignee + ', jiraComponent: iam }',
    '    payments: { jiraProject: PAY }',
    'jira:',
    `  flavour: ${flavour}`,
    `  baseUrl: ${url}`,
    '  project: SEC',
    '  labels: [security]',
    '  timeoutSeconds: 5',
  ].join('\n');
}

export interface JiraWorld {
  jira: LocalJira;
  config: RightsizeConfig & { jira: NonNullable<RightsizeConfig['jira']> };
  store: StateStore;
  service: JiraService;
  scans: ScanService;
  /** The snapshot directory the next scan and the issue descriptions read. */
  snapshot: { dir: string };
  clock: { now: number };
  /** A fresh service over a new, empty state file: as after losing local state. */
  freshService(): Promise<{ store: StateStore; service: JiraService; scans: ScanService }>;
}

/** A local Jira, a state file, a Jira service and a scan service wired as `rightsize schedule` wires them. */
export async function jiraWorld(flavour: 'cloud' | 'server' = 'cloud', dir = demoSnapshotDir()): Promise<JiraWorld> {
  const env: Record<string, string> = flavour === 'cloud' ? CLOUD_ENV : SERVER_ENV;
  const jira = await LocalJira.start({
    flavour,
    projects: { SEC: {}, PLAT: { components: ['iam'] }, PAY: {} },
    users: flavour === 'cloud' ? ['5b10ac8d82e05b22cc7d4ef5'] : ['alice.nguyen'],
    credentials:
      flavour === 'cloud'
        ? { email: CLOUD_ENV.JIRA_EMAIL, apiToken: CLOUD_ENV.JIRA_API_TOKEN }
        : { token: SERVER_ENV.JIRA_PAT },
  });
  const config = parseConfig(jiraConfigText(jira.url, flavour), {}) as JiraWorld['config'];
  const clock = { now: Date.parse('2026-11-20T12:00:00Z') };
  const snapshot = { dir };
  const now = () => new Date(clock.now);
  const wire = async () => {
    const store = await StateStore.open(join(await tempDir(), 'state.json'));
    const service = new JiraService({
      store,
      gateway: connectJira(config.jira, jiraCredentials(config.jira, env)),
      config,
      details: async (record) =>
        issueEvidence(record, new DirectorySnapshotSource(snapshot.dir), {
          engine: await realEngine(),
          settings: config.rules,
          now: now(),
        }),
      now,
    });
    const scans = new ScanService({
      store,
      engine: realEngine,
      settings: config.rules,
      now,
      afterRecord: (outcome, request) => service.afterScan(outcome.diff, request.actor),
    });
    return { store, service, scans };
  };
  const { store, service, scans } = await wire();
  return { jira, config, store, service, scans, snapshot, clock, freshService: wire };
}

export async function scanNow(world: Pick<JiraWorld, 'scans' | 'snapshot'>, scans = world.scans) {
  return scans.scan({ source: new DirectorySnapshotSource(world.snapshot.dir), actor: ACTOR });
}

/** Mutes a finding for a day, as `rightsize mute` does, and hands the mute to the Jira service. */
export async function muteForADay(world: JiraWorld, findingId: string, reason: string) {
  const { mute, finding } = await world.store.mute({
    finding: findingId,
    by: ACTOR,
    reason,
    until: new Date(world.clock.now + 86_400_000),
    now: new Date(world.clock.now),
  });
  return world.service.afterMute(finding, mute);
}
