import { RESOURCE_EXPOSURE_ACTIONS } from '../action-lists.js';
import { broadActionRule } from '../broad-action-rule.js';

export const resourceExposure = broadActionRule({
  id: 'resource-exposure',
  title: 'Can change resource policies or sharing on any resource',
  severity: 'high',
  what: 'can change resource policies or sharing',
  actions: RESOURCE_EXPOSURE_ACTIONS,
  rationale:
    'Rewriting a bucket policy, key policy or Lambda permission can make data or functions public or share them with another account, outside IAM review.',
  remediation:
    'Limit policy-changing actions to the named resources the principal owns, or move them to a deployment role behind review.',
});
