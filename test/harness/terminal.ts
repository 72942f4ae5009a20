// Runs a command on a pseudo-terminal (test/harness/terminal.py, python3's pty module) and
// answers its prompts. Register the test with needs(test, 'python3').
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTool } from './needs.js';

const DRIVER = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test', 'harness', 'terminal.py');

/** [expected text, answer] pairs; resolves with the exit code and everything the terminal showed. */
export function onTerminal(steps: [string, string][], argv: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnTool('python3', [DRIVER, JSON.stringify(steps), ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
