import { z } from 'zod';
import { cronExpressionProblem, timeZoneProblem } from './cron.js';

/** A node-cron expression, checked the way the scheduler will read it. */
export const cronExpression = () =>
  z.string().superRefine((value, ctx) => {
    const problem = cronExpressionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An IANA time zone for a cron expression, UTC unless given. */
export const cronTimeZone = () =>
  z
    .string()
    .default('UTC')
    .superRefine((value, ctx) => {
      const problem = timeZoneProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('IANA time zone of the cron expression');
