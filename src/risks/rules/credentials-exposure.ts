import { CREDENTIALS_EXPOSURE_ACTIONS } from '../action-lists.js';
import { broadActionRule } from '../broad-action-rule.js';

export const credentialsExposure = broadActionRule({
  id: 'credentials-exposure',
  title: 'Can mint or reveal credentials for any resource',
  severity: 'high',
  what: 'can mint or reveal credentials',
  actions: CREDENTIALS_EXPOSURE_ACTIONS,
  rationale:
    'Creating access keys, federation tokens or registry tokens for anything in the account hands out long- or short-lived credentials that outlive the session that made them.',
  remediation:
    'Scope credential-minting actions to the principal itself (e.g. arn:aws:iam::ACCOUNT:user/${aws:username}) or remove them.',
});
