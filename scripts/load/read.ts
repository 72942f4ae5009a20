import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
/** Member files above this size are refused unparsed (yaml/too-large). */
export const MAX_FILE_BYTES = 64 * 1024;

/** Reads at most limit + 1 bytes: enough for the size rule to refuse a huge file unread. */
export function readCapped(abs: string, limit = MAX_FILE_BYTES): Uint8Array {
  const fd = openSync(abs, 'r');
  try {
    const n = Math.min(fstatSync(fd).size, limit + 1);
    return readFull(fd, Buffer.alloc(n), n);
  } finally {
    closeSync(fd);
  }
}

const shared = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);

/**
 * Like readCapped, into one reused buffer: no stat, no allocation. The view is valid only until
 * the next call (copy what you keep). For the cache's read-and-hash pass over every member file.
 */
export function readInto(abs: string): Uint8Array {
  const fd = openSync(abs, 'r');
  try {
    return readFull(fd, shared, shared.length);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to n bytes of fd from its start into buf (short only at end of file). */
export function readFull(fd: number, buf: Buffer, n: number): Buffer {
  let off = 0;
  while (off < n) {
    const got = readSync(fd, buf, off, n - off, off);
    if (got === 0) break;
    off += got;
  }
  return buf.subarray(0, off);
}
