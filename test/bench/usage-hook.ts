/**
 * Preloaded (`node -r usage-hook.js …`) into every child the bench measures: at exit it writes the
 * process's own resource usage (CPU µs, peak RSS kB) to $MAAS_BENCH_USAGE_FILE. It costs the same for
 * every client measured.
 */
import * as fs from 'node:fs';

const file = process.env.MAAS_BENCH_USAGE_FILE;
if (file) {
  delete process.env.MAAS_BENCH_USAGE_FILE;
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS }));
  });
}
