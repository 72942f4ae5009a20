// Questions on a terminal: a default in brackets, re-asked until the answer passes its check.
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../commands/args.js';

export interface AskOptions {
  default?: string | undefined;
  check?: (answer: string) => string | undefined;
}

export interface Prompter {
  ask(question: string, opts?: AskOptions): Promise<string>;
  close(): void;
}

export function terminalPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, output, terminal: true });
  let closed = false;
  rl.on('close', () => (closed = true));
  return {
    async ask(question, opts = {}) {
      for (;;) {
        if (closed) throw new UsageError('join cancelled (input closed); nothing written');
        const shown = opts.default ? `${question} [${opts.default}]: ` : `${question}: `;
        let answer: string;
        try {
          answer = (await rl.question(shown)).trim();
        } catch {
          throw new UsageError('join cancelled; nothing written');
        }
        if (answer === '' && opts.default !== undefined) answer = opts.default;
        const problem = opts.check?.(answer);
        if (!problem) return answer;
        output.write(`  ${problem}\n`);
      }
    },
    close() {
      rl.close();
    },
  };
}
