// Preloaded into the Switchboard child (`node --import bench/loop-probe.mjs scripts/serve.mjs`) so
// the bench can read the event-loop delay from inside it. Idle until asked: SIGUSR2 starts a
// perf_hooks histogram (1 ms resolution); the next SIGUSR2 stops it and writes its figures to the
// file named by SB_BENCH_LOOP_PROBE. Each write carries a sequence number the bench waits for.
// Plain .mjs: the child runs the bundled server under plain Node, without tsx.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.SB_BENCH_LOOP_PROBE;
let histogram = null;
let seq = 0;

const ms = (ns) => Math.round(ns / 1e3) / 1e3;

if (file) {
  process.on('SIGUSR2', () => {
    seq++;
    if (histogram === null) {
      histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      writeFileSync(file, JSON.stringify({ seq, running: true }));
      return;
    }
    histogram.disable();
    const h = histogram;
    histogram = null;
    writeFileSync(file, JSON.stringify({
      seq, running: false, samples: h.count, p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), meanMs: ms(h.mean),
    }));
  });
}
