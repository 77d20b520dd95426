// Preloaded into the server by bench/longDraft.ts (NODE_OPTIONS=--require): records each time the
// server's event loop was held more than 20 ms (a 2 ms interval timer running late) with the
// process's CPU time over that stretch, so a hold the code caused (CPU time as long as the hold)
// is told from one the loaded machine caused (the process waiting for a core). Written to
// $VERBATIM_HOLDS_OUT as JSON [[at (ms since 1970), held ms, CPU ms], …] when the process ends.
'use strict';
const fs = require('node:fs');
const out = process.env.VERBATIM_HOLDS_OUT;
if (out) {
  const holds = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const held = now - last - 2;
    if (held > 20) holds.push([Math.round(performance.timeOrigin + last), Math.round(held), Math.round((cpu.user + cpu.system) / 1000)]);
    last = now;
    lastCpu = process.cpuUsage();
  }, 2).unref();
  const write = () => fs.writeFileSync(out, JSON.stringify(holds));
  process.on('exit', write);
  process.on('SIGTERM', () => process.exit(0));
}
