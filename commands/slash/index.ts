import type { App, RespondArguments } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { RightsizeError, UsageError } from '../../src/errors.js';
import type { MessageView } from '../../views/blocks.js';
import { unknownCommandMessage, usageMessage } from '../../views/help.js';
import { noticeMessage } from '../../views/notice.js';
import { describeFailure } from '../describe-failure.js';
import type { AppServices } from '../services.js';
import { closestName } from './closest.js';
import { parseInput, tokenize } from './parse.js';
import { SLASH_COMMAND, type PreparedCommand, type RunContext } from './registry.js';
import { defaultSubcommands } from './subcommands.js';

const ephemeral = (view: MessageView): RespondArguments => ({
  response_type: 'ephemeral',
  text: view.text,
  blocks: view.blocks as KnownBlock[],
});

/** `/rightsize <subcommand>`: answers bad input with the ack, does slow work after it. */
export function register(app: App, services: AppServices, subcommands = defaultSubcommands()): void {
  const offered = () => subcommands.filter((s) => s.available?.(services) ?? true);
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, logger }) => {
    const [name = 'help', ...words] = tokenize(command.text);
    const subcommand = subcommands.find((s) => s.name === name.toLowerCase());
    if (!subcommand) {
      const names = offered().map((s) => s.name);
      const near = closestName(name, names);
      await ack(
        ephemeral(
          unknownCommandMessage(
            SLASH_COMMAND,
            name,
            offered().find((s) => s.name === near),
            names,
          ),
        ),
      );
      return;
    }
    let prepared: PreparedCommand;
    try {
      prepared = subcommand.prepare(parseInput(words, subcommand.options, subcommand.positionals), services);
    } catch (e) {
      if (!(e instanceof RightsizeError)) throw e;
      const problem = e instanceof UsageError ? `${subcommand.name}: ${e.message}` : e.message;
      await ack(ephemeral(usageMessage(SLASH_COMMAND, problem, subcommand)));
      return;
    }
    if ('reply' in prepared) {
      await ack(ephemeral(prepared.reply));
      return;
    }
    await ack(prepared.pending ? ephemeral(noticeMessage(prepared.pending)) : undefined);
    const ctx: RunContext = {
      services,
      client,
      logger,
      userId: command.user_id,
      channelId: command.channel_id,
      respond: async (view, options) => {
        await respond({ ...ephemeral(view), replace_original: options?.replaceOriginal ?? false });
      },
    };
    try {
      await prepared.run(ctx);
    } catch (e) {
      logger.error(`${SLASH_COMMAND} ${command.text} failed`, e);
      await respond(ephemeral(failureMessage(e, `${SLASH_COMMAND} ${subcommand.name}`)));
    }
  });
}

function failureMessage(e: unknown, what: string): MessageView {
  const { text, hint } = describeFailure(e, what);
  return noticeMessage(text, hint);
}
