// Worker thread: loads a chunk of files and posts plain results back (see parallel.ts). The chunk
// comes as workerData, or in a message to a worker started early (pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadOne, type Entry } from './parallel.js';

const load = (chunk: Entry[]) => parentPort!.postMessage(chunk.map(loadOne));
if (workerData) load(workerData as Entry[]);
else parentPort!.once('message', load);
