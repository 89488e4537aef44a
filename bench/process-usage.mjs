// Preloaded with `node --import` by bench/whole-process.ts into every process it times: at exit, writes the
// process's CPU time (user + system, since the process started: getrusage, so Node's own start-up counts) and
// peak RSS as JSON to the file PROCESS_USAGE_FILE names.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  const usage = { cpuMs: (user + system) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  writeFileSync(process.env.PROCESS_USAGE_FILE, JSON.stringify(usage));
});
