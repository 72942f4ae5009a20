// Worker thread: loads a chunk of files and posts plain results back (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadOne, type Entry } from './parallel.js';

parentPort!.postMessage((workerData as Entry[]).map(loadOne));
