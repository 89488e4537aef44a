import { once } from 'node:events';
import type { Environment } from '../config/index.js';

export type Signal = 'SIGTERM' | 'SIGINT';

/** What the command line takes from the process: output, the clock, the environment, signals. Tests give their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves once what stdout was given has gone out: a long output written in pieces waits for it between them. */
  drained?: () => Promise<void>;
  now: () => Date;
  /** Environment variables (RIGHTSIZE_CONFIG, RIGHTSIZE_STATE, secrets the config names); none when absent. */
  env?: Environment;
  /** Calls `handler` on the signal and returns the function that stops listening; ignored when absent. */
  onSignal?: (signal: Signal, handler: () => void) => () => void;
}

/** The real process: stdout and stderr line by line, the wall clock, process.env and its signals. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // A pipe to a slow reader queues what is written; hundreds of queued mebibytes end in ENOBUFS.
  drained: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
  now: () => new Date(),
  env: process.env,
  onSignal: (signal, handler) => {
    process.on(signal, handler);
    return () => process.off(signal, handler);
  },
};
