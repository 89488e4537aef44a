import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { explainPermissions, renderPermissionsText } from '../report/permissions-report.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { AccountIndex } from '../snapshot/index.js';
import { loadAccountSnapshot } from '../organization/load.js';
import type { CommandContext } from './context.js';
import { list, organizationFileOption, snapshotOption } from './options.js';

/** `rightsize permissions <principal>`: a principal's effective permissions, explained. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(snapshotOption())
    .addOption(organizationFileOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--service <prefixes>',
      'also list the allowed actions of these services (comma-separated, e.g. iam,s3)',
      list,
    )
    .action(
      async (
        query: string,
        opts: { snapshot?: string; organization?: string; format: 'text' | 'json'; service?: string[] },
      ) => {
        const [snapshot, engine] = await Promise.all([
          loadAccountSnapshot(opts.snapshot ?? demoSnapshotDir(), {
            ...(opts.organization && { organizationFile: opts.organization }),
          }),
          ctx.engine(),
        ]);
        const principal = new AccountIndex(snapshot).find(query);
        const unknownServices = (opts.service ?? []).filter((s) => !engine.catalog.service(s));
        if (unknownServices.length > 0)
          throw new UsageError(`unknown service prefix ${unknownServices.join(', ')} (e.g. iam, s3, ec2)`);
        const explanation = explainPermissions(engine, principal, opts.service);
        ctx.stdout(opts.format === 'json' ? JSON.stringify(explanation, null, 2) : renderPermissionsText(explanation));
        const problems = snapshot.problems.filter(
          (p) =>
            p.subject?.startsWith(principal.arn) ||
            principal.policies.identity.some((a) => a.arn && p.subject?.startsWith(a.arn)),
        );
        for (const p of problems) ctx.stderr(`warning: ${p.file} ${p.path}: ${p.message}`);
      },
    );
}
