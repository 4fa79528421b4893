/**
 * A pipeline under test in a process of its own (forked by `npm run bench:ingest`), so its CPU and
 * RSS are its own. The parent drives steps over IPC; this process measures publish-to-commit
 * (device timestamp -> commit of its batch, both on this machine's clock), its CPU time and its
 * peak RSS per step. Arguments: NAME BROKER_URL DATABASE_URL DATA_DIR.
 */
import type { PipelineName, PipelineReply, PipelineRequest } from './pipeline-common.js';
import { percentile } from '../percentile.js';

/** Builds one pipeline, then answers the parent's step requests. */
async function runPipelineProcess(
  name: PipelineName,
  brokerUrl: string,
  databaseUrl: string,
  dataDir: string,
): Promise<void> {
  // Each pipeline loads only its own code: the baseline's RSS must not hold the Nest app.
  const pipeline =
    name === 'baseline'
      ? await (await import('./baseline-pipeline.js')).baselinePipeline(brokerUrl, databaseUrl)
      : await (
          await import('./api-pipeline.js')
        ).apiPipeline(name === 'embedded' ? undefined : brokerUrl, databaseUrl, dataDir);
  let latencies: number[] = [];
  pipeline.onCommit((ts, at) => latencies.push(at - ts));
  let cpuBefore = process.cpuUsage();
  let peakRss = 0;
  // RSS peaks while a step's queue fills, not at its end: sample it.
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const reply = (message: PipelineReply) => process.send?.(message);
  process.on('message', (request: PipelineRequest) => {
    if (request.type === 'start-step') {
      latencies = [];
      cpuBefore = process.cpuUsage();
      peakRss = process.memoryUsage().rss;
      reply({ type: 'step-started' });
    } else if (request.type === 'end-step') {
      const cpu = process.cpuUsage(cpuBefore);
      const sorted = latencies.sort((a, b) => a - b);
      reply({
        type: 'step',
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024,
      });
    } else {
      clearInterval(sampler);
      // Exit once the reply is on its way, so the parent reads it before it sees the exit.
      void pipeline.close().then(() => process.send?.({ type: 'closed' }, () => process.exit(0)));
    }
  });
  // A parent that dies (Ctrl-C, a failed step) must not leave this process ingesting into nothing.
  process.once('disconnect', () => process.exit(1));
  reply({ type: 'ready', brokerUrl: pipeline.brokerUrl });
}

const [name, brokerUrl, databaseUrl, dataDir] = process.argv.slice(2);
await runPipelineProcess(name as PipelineName, brokerUrl, databaseUrl, dataDir);
