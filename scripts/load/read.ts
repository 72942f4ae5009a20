import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_FILE_BYTES } from './source.js';

/** Reads at most limit + 1 bytes: enough for the size rule to refuse a huge file unread. */
export function readCapped(abs: string, limit = MAX_FILE_BYTES): Uint8Array {
  const fd = openSync(abs, 'r');
  try {
    const n = Math.min(fstatSync(fd).size, limit + 1);
    const buf = Buffer.alloc(n);
    let off = 0;
    while (off < n) {
      const got = readSync(fd, buf, off, n - off, off);
      if (got === 0) break;
      off += got;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
