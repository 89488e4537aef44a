export * from './events.js';
export {
  Scheduler,
  type BackgroundJob,
  type NamedSchedule,
  type SchedulerOptions,
  type StopOutcome,
} from './scheduler.js';
