// Preloaded into a server under benchmark (NODE_OPTIONS="--require …/event-loop-probe.cjs"): once a
// second it prints how late the event loop ran timers in that second, and how much CPU the process
// used (% of one core), so a benchmark can see whether work in the server (the local executor)
// starves its HTTP requests. Plain CommonJS: Node loads it before anything else, without a
// TypeScript loader.
const { monitorEventLoopDelay } = require("node:perf_hooks");

const REPORT_EVERY_MS = 1000;
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;

let cpuBefore = process.cpuUsage();
let timeBefore = performance.now();

setInterval(() => {
  const cpu = process.cpuUsage(cpuBefore);
  const now = performance.now();
  const cpuPercent = Math.round((cpu.user + cpu.system) / 10 / (now - timeBefore));
  const line = { pid: process.pid, t: Date.now(), mean: ms(histogram.mean), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), cpu: cpuPercent };
  histogram.reset();
  cpuBefore = process.cpuUsage();
  timeBefore = now;
  process.stderr.write(`[event-loop-probe] ${JSON.stringify(line)}\n`);
}, REPORT_EVERY_MS).unref();
