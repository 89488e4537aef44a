import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { MessageView } from '../../views/blocks.js';
import type { CommandHelp } from '../../views/help.js';
import type { AppServices } from '../services.js';
import type { OptionSpec, ParsedInput } from './parse.js';

/** Where a subcommand's answer goes once it has done its work. */
export interface RunContext {
  services: AppServices;
  client: WebClient;
  logger: Logger;
  userId: string;
  channelId: string;
  /** Replies through the command's response_url (ephemeral unless said otherwise). */
  respond(view: MessageView, options?: { replaceOriginal?: boolean }): Promise<void>;
}

/** A validated command: either an answer for the ack itself, or work to do after the ack. */
export type PreparedCommand =
  | { reply: MessageView }
  | {
      /** Shown at once (with the ack) while the work runs. */
      pending?: string;
      run(ctx: RunContext): Promise<void>;
    };

/**
 * One `/rightsize` subcommand. `prepare` is synchronous and throws UsageError for bad input, so a
 * mistake is answered within Slack's 3-second ack; `run` does the slow part afterwards.
 */
export interface Subcommand extends CommandHelp {
  name: string;
  options: OptionSpec;
  positionals: { min: number; max: number; name: string };
  /** Whether this app can do it (an integration configured); help lists only what it can. Default: always. */
  available?(services: AppServices): boolean;
  prepare(input: ParsedInput, services: AppServices): PreparedCommand;
}

export const SLASH_COMMAND = '/rightsize';
