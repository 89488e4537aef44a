import type { App } from '@slack/bolt';
import type { View } from '@slack/web-api';
import { latestScans } from '../../src/scans/latest-scans.js';
import { homeView } from '../../views/home.js';
import type { AppServices } from '../services.js';

const RECENT_SCANS = 5;

/** Publishes the Home tab each time a user opens it: their own resources' risks, then each account. */
export function registerAppHome(app: App, services: AppServices): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const scans = await latestScans(services.scans);
    const mine = await services.ownership.ownedFindings(event.user, scans);
    const view = homeView({
      userId: event.user,
      accounts: scans.map((latest) => ({
        account: latest.account,
        latest,
        recent: services.history?.recordedScans(latest.account.id, RECENT_SCANS) ?? [],
      })),
      ...(mine && { mine }),
    });
    await client.views.publish({ user_id: event.user, view: view as View });
  });
}
