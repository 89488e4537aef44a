import { describe, expect, it } from 'vitest';
import { timeThroughShell } from '../bench/peer.js';
import { median, timeProcess, wholeProcessTargets, type WholeProcessFigures } from '../bench/whole-process.js';

// The whole-process bench reports CPU time as the timed process itself (or the shell around it) counts it. A child
// that spins until it has used 150 ms of CPU must be reported with at least that much, whatever the machine's load.
const SPIN = 'const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) < 150000);';

describe('whole-process timing', () => {
  it('counts the CPU time of a node process, measured inside it', async () => {
    const usage = await timeProcess(process.execPath, ['-e', SPIN]);
    expect(usage.cpuMs).toBeGreaterThanOrEqual(150);
    expect(usage.wallMs).toBeGreaterThanOrEqual(150);
    expect(usage.peakRssMiB).toBeGreaterThan(0);
  });

  it('counts the CPU time of any command run through sh (the peer is Python)', async () => {
    const usage = await timeThroughShell(process.execPath, ['-e', SPIN]);
    expect(usage.cpuMs).toBeGreaterThanOrEqual(150);
    expect(usage.wallMs).toBeGreaterThanOrEqual(150);
  });

  it('fails loudly when the timed command fails', async () => {
    await expect(timeProcess(process.execPath, ['-e', 'process.exit(3)'])).rejects.toThrow(/exited with 3/);
    await expect(timeThroughShell(process.execPath, ['-e', 'process.exit(3)'])).rejects.toThrow(/exited with 3/);
  });

  it('reads the targets of issue 17 from the figures', () => {
    const figure = (name: string, wall: number, toFloor: number) => ({
      case: name,
      runtime: 'Node 24',
      wallMs: { median: wall, min: wall },
      cpuMs: { median: wall, min: wall },
      peakRssMiB: 50,
      toFloor: { wall: toFloor, cpu: toFloor },
    });
    const figures: WholeProcessFigures = {
      runs: 3,
      loadBefore: [0, 0, 0],
      loadAfter: [0, 0, 0],
      nodes: [{ label: 'Node 24', version: 'v24.0.0' }],
      figures: [figure('rightsize --version', 150, 3.2), figure('rightsize scan (demo account)', 380, 7)],
      comparisons: [],
      stderr: [],
    };
    const targets = wholeProcessTargets(figures, 120);
    expect(targets.versionToNodeWall).toMatchObject({ value: 3.2, ok: false });
    expect(targets.demoScanWallMs).toMatchObject({ value: 380, ok: true });
    expect(targets.cloudsplainingToRightsizeWall).toMatchObject({ value: 120, sense: '≥', ok: true });
    expect(median([5, 1, 3, 2])).toBe(2.5);
  });
});
