/**
 * The entry module of a `kubesim sweep` worker thread: runs each task it is sent and posts the result back. A
 * separate module so a bundler can emit it as its own entry point next to the CLI's (see `sweep-pool.ts`).
 */
import { parentPort } from 'node:worker_threads';
import { SweepTaskRunner, type SweepTask } from './sweep-task.ts';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts runs as a worker thread of kubesim sweep');
const runner = new SweepTaskRunner();
port.on('message', (task: SweepTask) => port.postMessage(runner.run(task)));
