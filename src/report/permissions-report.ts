import type { PolicyEngine } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';

export interface ServicePermissions {
  service: string;
  serviceName: string;
  total: number;
  allowed: number;
  unconditional: number;
  limited: number;
}

export interface PermissionsExplanation {
  principal: { kind: string; name: string; arn: string };
  catalogActions: number;
  allowed: number;
  unconditional: number;
  limited: number;
  /** Unconditional actions a Deny with conditions (a guardrail) blocks in some circumstances. */
  guarded: number;
  denied: number;
  cappedByBoundary: number;
  boundary?: string;
  /** Granted by the identity policies but taken away by SCPs: how many, and by which SCP at which level. */
  cappedByOrganization?: {
    actions: number;
    caps: { scp?: string; level: string; how: 'deny' | 'not-allowed'; actions: number }[];
  };
  services: ServicePermissions[];
  policies: {
    name: string;
    kind: 'inline' | 'managed';
    arn?: string;
    viaGroup?: string;
    allowedActions: number;
    services: string[];
    conditionalStatements: number[];
    unknownActions: string[];
  }[];
  /** Only filled for the services asked for, so output stays readable. */
  actions?: { action: string; access: 'unconditional' | 'limited' }[];
}

/** Explains a principal's effective permissions: per service, per policy, and what is conditional. Pure. */
export function explainPermissions(
  engine: PolicyEngine,
  principal: Principal,
  services: readonly string[] = [],
): PermissionsExplanation {
  const catalog = engine.catalog;
  const effective = engine.effectivePermissions(principal.policies);
  const byService = new Map<string, ServicePermissions>();
  for (const { service, count } of catalog.countByService(effective.allowed)) {
    byService.set(service.prefix, {
      service: service.prefix,
      serviceName: service.name,
      total: service.end - service.start,
      allowed: count,
      unconditional: effective.unconditional.countRange(service.start, service.end),
      limited: effective.limited.countRange(service.start, service.end),
    });
  }
  const explanation: PermissionsExplanation = {
    principal: { kind: principal.kind, name: principal.name, arn: principal.arn },
    catalogActions: catalog.size,
    allowed: effective.allowed.count(),
    unconditional: effective.unconditional.count(),
    limited: effective.limited.count(),
    guarded: effective.guarded.count(),
    denied: effective.denied.count(),
    cappedByBoundary: effective.cappedByBoundary.count(),
    services: [...byService.values()].sort((a, b) => b.allowed - a.allowed || a.service.localeCompare(b.service)),
    policies: engine.grantsByPolicy(principal.policies, effective).map((g) => {
      const entry: PermissionsExplanation['policies'][number] = {
        name: g.policy.name,
        kind: g.policy.kind,
        allowedActions: g.allowed.count(),
        services: catalog.countByService(g.allowed).map((s) => s.service.prefix),
        conditionalStatements: g.conditionalStatements,
        unknownActions: g.unknownActions.map((u) => u.pattern),
      };
      if (g.policy.arn) entry.arn = g.policy.arn;
      if (g.policy.viaGroup) entry.viaGroup = g.policy.viaGroup;
      return entry;
    }),
  };
  if (principal.policies.boundary)
    explanation.boundary = principal.policies.boundary.arn ?? principal.policies.boundary.name;
  if (principal.policies.scps && !effective.cappedByOrganization.isEmpty())
    explanation.cappedByOrganization = {
      actions: effective.cappedByOrganization.count(),
      caps: engine.organizationCaps(principal.policies, effective.cappedByOrganization).map((cap) => ({
        ...(cap.policy && { scp: cap.policy.name }),
        level: `${cap.level.kind === 'root' ? 'the root' : `${cap.level.kind === 'ou' ? 'OU' : 'account'} ${cap.level.name}`}`,
        how: cap.how,
        actions: cap.actions.count(),
      })),
    };
  if (services.length > 0) {
    explanation.actions = [];
    for (const prefix of services) {
      const service = catalog.service(prefix);
      if (!service) continue;
      for (let i = service.start; i < service.end; i++) {
        if (effective.unconditional.has(i))
          explanation.actions.push({ action: catalog.action(i).key, access: 'unconditional' });
        else if (effective.limited.has(i))
          explanation.actions.push({ action: catalog.action(i).key, access: 'limited' });
      }
    }
  }
  return explanation;
}

export function renderPermissionsText(x: PermissionsExplanation, maxServices = 25): string {
  const lines: string[] = [];
  lines.push(`${x.principal.kind} ${x.principal.name}  (${x.principal.arn})`);
  lines.push(
    `  ${x.allowed} of ${x.catalogActions} actions allowed: ${x.unconditional} on every resource without conditions, ${x.limited} limited (some resources, conditions, or partly denied)`,
  );
  if (x.guarded > 0)
    lines.push(
      `  ${x.guarded} of the unconditional ones are guarded by a Deny with conditions (e.g. a region or MFA guardrail)`,
    );
  if (x.denied > 0) lines.push(`  ${x.denied} actions removed by an explicit Deny on every resource`);
  if (x.boundary) lines.push(`  permissions boundary ${x.boundary} caps ${x.cappedByBoundary} granted actions`);
  if (x.cappedByOrganization) {
    lines.push(`  service control policies take away ${x.cappedByOrganization.actions} granted actions:`);
    for (const cap of x.cappedByOrganization.caps)
      lines.push(
        cap.scp
          ? `    SCP ${cap.scp} denies ${cap.actions} at ${cap.level}`
          : `    no SCP at ${cap.level} allows ${cap.actions} of them`,
      );
  }
  lines.push('', `  Services (${x.services.length})`);
  for (const s of x.services.slice(0, maxServices)) {
    const share = Math.round((100 * s.allowed) / s.total);
    lines.push(
      `    ${s.service.padEnd(22)} ${String(s.allowed).padStart(5)}/${String(s.total).padEnd(5)} ${String(share).padStart(3)}%   unconditional ${s.unconditional}, limited ${s.limited}`,
    );
  }
  if (x.services.length > maxServices)
    lines.push(`    … and ${x.services.length - maxServices} more services (use --format json for all)`);
  lines.push('', `  Policies (${x.policies.length})`);
  for (const p of x.policies) {
    const from = p.viaGroup ? ` via group ${p.viaGroup}` : '';
    const services =
      p.services.length > 6
        ? `${p.services.slice(0, 6).join(', ')} … (+${p.services.length - 6})`
        : p.services.join(', ');
    lines.push(`    ${p.kind} ${p.name}${from}: ${p.allowedActions} actions${services ? ` in ${services}` : ''}`);
    if (p.conditionalStatements.length > 0)
      lines.push(
        `      conditional: statement${p.conditionalStatements.length > 1 ? 's' : ''} ${p.conditionalStatements.map((i) => `#${i}`).join(', ')} apply only when their conditions hold`,
      );
    if (p.unknownActions.length > 0)
      lines.push(`      unknown to the AWS catalog (typo or brand-new): ${p.unknownActions.join(', ')}`);
  }
  if (x.actions) {
    lines.push('', '  Actions');
    for (const a of x.actions) lines.push(`    ${a.action.padEnd(50)} ${a.access}`);
  }
  return lines.join('\n');
}
