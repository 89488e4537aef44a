import type { PrincipalInsights } from '../usage/insights.js';
import type { SourceCoverage, UsageWindow } from '../usage/types.js';

export const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '—');
export const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)}%`;

export function describeWindow(window: UsageWindow): string {
  return `the ${window.days} days to ${day(window.end)} (from ${day(window.start)})`;
}

export function describeSource(source: SourceCoverage): string {
  const partial = source.coversWindow ? '' : ` — covers ${day(source.from)} to ${day(source.to)} only`;
  return `${source.detail}${partial}`;
}

export function renderInsightsText(x: PrincipalInsights, maxServices = 20, maxActions = 30): string {
  const lines: string[] = [];
  lines.push(`${x.principal.kind} ${x.principal.name}  (${x.principal.arn})`);
  lines.push(`  usage window: ${describeWindow(x.window)}; confidence: ${x.confidence}`);
  lines.push(
    `  last used: ${x.lastActivity ? `${day(x.lastActivity.date)} (${x.lastActivity.source})` : 'never, as far as the sources remember'}`,
  );
  lines.push(
    `  provisioned: ${x.provisioned.actions} actions in ${x.provisioned.services} services; used: ${x.used.actions} actions (${percent(x.shareUsed.actions)}) in ${x.used.services} services (${percent(x.shareUsed.services)})`,
  );
  lines.push('', '  Sources');
  if (x.sources.length === 0) lines.push('    none: no usage data for this principal');
  for (const s of x.sources) lines.push(`    - ${describeSource(s)}`);

  lines.push('', `  Services (${x.services.length})`);
  lines.push(
    `    ${'service'.padEnd(24)} ${'provisioned'.padStart(11)} ${'used'.padStart(5)}  ${'last used'.padEnd(10)}  ${'detail'.padEnd(12)}  unused high-risk`,
  );
  for (const s of x.services.slice(0, maxServices)) {
    const last = s.lastUsed ? day(s.lastUsed) : s.lastSeen ? `(${day(s.lastSeen)})` : '—';
    lines.push(
      `    ${s.service.padEnd(24)} ${String(s.provisionedActions).padStart(11)} ${String(s.usedActions).padStart(5)}  ${last.padEnd(10)}  ${s.detail.padEnd(12)}  ${s.unusedHighRisk || ''}`,
    );
  }
  if (x.services.length > maxServices)
    lines.push(`    … and ${x.services.length - maxServices} more services, all unused (use --format json for all)`);
  if (x.services.some((s) => !s.lastUsed && s.lastSeen))
    lines.push('    (a date in brackets: last use before the window)');

  lines.push('', `  Used actions (${x.usedActions.length})`);
  for (const a of x.usedActions.slice(0, maxActions)) {
    const where =
      a.resources.length > 0
        ? ` on ${a.resources.slice(0, 2).join(', ')}${a.resources.length > 2 ? ` (+${a.resources.length - 2})` : ''}`
        : '';
    const events = a.events > 0 ? `, ${a.events} event(s)` : '';
    lines.push(
      `    ${a.action.padEnd(44)} ${day(a.lastUsed)}  ${a.sources.join(', ')}${events}${where}${a.allowedToday ? '' : '  — not allowed by today’s policies'}`,
    );
  }
  if (x.usedActions.length > maxActions) lines.push(`    … and ${x.usedActions.length - maxActions} more`);

  if (x.unusedHighRisk.length > 0) {
    lines.push('', `  Unused high-risk actions (${x.unusedHighRisk.length})`);
    for (const r of x.unusedHighRisk.slice(0, maxActions))
      lines.push(`    ${r.action.padEnd(44)} ${r.kinds.join(', ')}`);
    if (x.unusedHighRisk.length > maxActions) lines.push(`    … and ${x.unusedHighRisk.length - maxActions} more`);
  }
  if (x.unmappedEvents.length > 0) {
    lines.push('', '  Events with no IAM action');
    for (const u of x.unmappedEvents) lines.push(`    ${u.eventSource} ${u.eventName} × ${u.events}: ${u.reason}`);
  }
  if (x.deniedEvents > 0) lines.push('', `  ${x.deniedEvents} call(s) failed authorisation and do not count as use`);
  if (x.notes.length > 0) {
    lines.push('', '  Notes');
    for (const n of x.notes) lines.push(`    - ${n.message}`);
  }
  return lines.join('\n');
}
