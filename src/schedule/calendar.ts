import { scheduledAccounts, type RightsizeConfig } from '../config/index.js';
import type { Scheduler } from './scheduler.js';

/** When the next scheduled scan of an account runs; undefined when it is not scheduled. */
export interface ScanSchedule {
  nextRunAt(accountId: string): Date | undefined;
}

/** The next scheduled scan of an account: the earliest next run of the schedules that scan it. */
export class ScheduleCalendar implements ScanSchedule {
  constructor(
    private readonly scheduler: Pick<Scheduler, 'schedules' | 'nextRuns'>,
    private readonly config: RightsizeConfig,
  ) {}

  nextRunAt(accountId: string): Date | undefined {
    const next = new Map(this.scheduler.nextRuns().map((r) => [r.schedule, r.next]));
    let earliest: Date | undefined;
    for (const schedule of this.scheduler.schedules) {
      const at = next.get(schedule.name);
      if (!at || !scheduledAccounts(this.config, schedule).some((a) => a.id === accountId)) continue;
      if (!earliest || at < earliest) earliest = at;
    }
    return earliest;
  }
}
