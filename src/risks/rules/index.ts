import type { Rule } from '../types.js';
import { adminAccess } from './admin-access.js';
import { computeAdmin } from './compute-admin.js';
import { computePrivileged } from './compute-privileged.js';
import { consoleWithoutMfa } from './console-without-mfa.js';
import { credentialsExposure } from './credentials-exposure.js';
import { crossAccountAccess } from './cross-account-access.js';
import { dataExfiltration } from './data-exfiltration.js';
import { inlineOrDirectUserPolicy } from './inline-or-direct-user-policy.js';
import { openTrust } from './open-trust.js';
import { organizationGuardrail } from './organization-guardrail.js';
import { permissionsGap } from './permissions-gap.js';
import { permissionsManagement } from './permissions-management.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { resourceExposure } from './resource-exposure.js';
import { riskyManagedPolicy } from './risky-managed-policy.js';
import { rootUsage } from './root-usage.js';
import { staleAccessKey } from './stale-access-key.js';
import { unusedAccessKey } from './unused-access-key.js';
import { unusedRole } from './unused-role.js';
import { unusedUser } from './unused-user.js';

/** Every rule, in the order of product.md's catalog (and of the README's generated table). */
export const RULES: readonly Rule[] = [
  adminAccess,
  privilegeEscalation,
  permissionsManagement,
  dataExfiltration,
  resourceExposure,
  credentialsExposure,
  computeAdmin,
  computePrivileged,
  permissionsGap,
  unusedRole,
  unusedUser,
  unusedAccessKey,
  staleAccessKey,
  consoleWithoutMfa,
  rootUsage,
  openTrust,
  crossAccountAccess,
  inlineOrDirectUserPolicy,
  riskyManagedPolicy,
  organizationGuardrail,
];
