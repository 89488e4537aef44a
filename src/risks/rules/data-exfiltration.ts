import { DATA_EXFILTRATION_ACTIONS } from '../action-lists.js';
import { broadActionRule } from '../broad-action-rule.js';

export const dataExfiltration = broadActionRule({
  id: 'data-exfiltration',
  title: 'Unrestricted read of data stores and secrets',
  severity: 'high',
  what: 'can read data stores and secrets',
  actions: DATA_EXFILTRATION_ACTIONS,
  rationale:
    'Reading every object, secret, parameter or table of the account is what an attacker with these credentials does first; scoping to the buckets, secrets and keys the workload needs limits the blast radius.',
  remediation:
    'Scope the Resource element to the specific buckets, secrets, parameters, tables and KMS keys the principal uses.',
});
