import type { App } from '@slack/bolt';
import type { AppServices } from '../services.js';
import { registerAccessMore } from './access-more.js';
import { registerDigestGroupJira } from './digest-group-jira.js';
import { registerFindingInsights } from './finding-insights.js';
import { registerFindingJira } from './finding-jira.js';
import { registerFindingMute } from './finding-mute.js';
import { registerFindingUnmute } from './finding-unmute.js';
import { registerFindingSuggestion } from './finding-suggestion.js';
import { registerFixDecision } from './fix-decision.js';
import { registerFixRequest } from './fix-request.js';
import { registerFixRollback } from './fix-rollback.js';
import { registerOpenConsole } from './open-console.js';
import { registerShowPage } from './show-page.js';
import { registerViewFinding } from './view-finding.js';
import { registerWorkflowFixRollback } from './workflow-fix-rollback.js';

/** Block actions: the buttons of findings, digests, fix requests and workflow messages. */
export function register(app: App, services: AppServices): void {
  registerViewFinding(app, services);
  registerFindingInsights(app, services);
  registerFindingSuggestion(app, services);
  registerFindingMute(app, services);
  registerFindingUnmute(app, services);
  registerFindingJira(app, services);
  registerDigestGroupJira(app, services);
  registerOpenConsole(app);
  registerShowPage(app, services);
  registerFixRequest(app, services);
  registerFixDecision(app, services);
  registerFixRollback(app, services);
  registerWorkflowFixRollback(app, services);
  registerAccessMore(app, services);
}
