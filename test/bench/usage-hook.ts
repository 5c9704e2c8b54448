/**
 * Preloaded (`node -r usage-hook.js …`) into every child the bench measures: at exit it writes the
 * process's own resource usage (CPU µs, peak RSS kB) to $MAAS_BENCH_USAGE_FILE. It costs the same for
 * every client measured. With $MAAS_BENCH_HEAP_SAMPLE_MS it also samples its own memory (RSS, V8 heap used
 * and reserved, stdout bytes so far) that often, so the memory part can tell live data from heap sizing.
 */
import * as fs from 'node:fs';

const file = process.env.MAAS_BENCH_USAGE_FILE;
const heapSampleMs = Number(process.env.MAAS_BENCH_HEAP_SAMPLE_MS) || 0;
if (file) {
  delete process.env.MAAS_BENCH_USAGE_FILE;
  delete process.env.MAAS_BENCH_HEAP_SAMPLE_MS;
  const heap: { rssMb: number; heapUsedMb: number; heapTotalMb: number; stdoutBytes: number }[] = [];
  if (heapSampleMs) {
    const mb = (n: number): number => n / (1024 * 1024);
    setInterval(() => {
      const m = process.memoryUsage();
      heap.push({ rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), stdoutBytes: (process.stdout as { bytesWritten?: number }).bytesWritten ?? 0 });
    }, heapSampleMs).unref();
  }
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS, heap }));
  });
}
