export {
  defaultConfig,
  findAccount,
  loadConfig,
  parseConfig,
  scheduledAccounts,
  type AccountConfig,
  type Environment,
  type JiraConfig,
  type RightsizeConfig,
  type ScheduleConfig,
  type TeamConfig,
} from './load.js';
export { cronExpressionProblem, timeZoneProblem } from './cron.js';
export { NO_CHANGE_ACTIONS, type NoChangeAction } from './schema.js';
