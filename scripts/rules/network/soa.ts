import { networkRule } from '../define.js';
import { nameProblem } from './names.js';

const DAY = 86400;

/** RFC 1035 §8: the first label is the local part; dots inside it are escaped. */
function mailboxToDns(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at).replace(/\./g, '\\.')}.${email.slice(at + 1)}`;
}

export default networkRule({
  meta: {
    id: 'network/soa',
    severity: 'error',
    description: 'SOA names are valid (rname in DNS mailbox form) and the timers are consistent: retry < refresh, expire > refresh + retry, negative-caching TTL at most a day.',
    citation: 'RFC 1035 §3.3.13 and §8, RFC 1912 §2.2, RFC 2308 §5',
    messages: {
      badName: 'zone.soa.{field} "{value}" is not a valid name: {reason}.',
      mailbox: 'zone.soa.rname "{value}" must be in DNS form: write {suggestion} (the first "." stands for "@").',
      timers: 'zone.soa: {problem}.',
      unusual: 'zone.soa: {problem} (RFC 1912 §2.2 recommends otherwise).',
    },
  },
  check({ network, report }) {
    const soa = network.model.zone.soa;
    const raw = network.data.zone.soa;
    if (raw.rname.includes('@')) {
      report({ messageId: 'mailbox', inNetwork: true, path: ['zone', 'soa', 'rname'], data: { value: raw.rname, suggestion: mailboxToDns(raw.rname) } });
    } else {
      for (const field of ['mname', 'rname'] as const) {
        const r = nameProblem(raw[field]);
        if (r) report({ messageId: 'badName', inNetwork: true, path: ['zone', 'soa', field], data: { field, value: raw[field], reason: r } });
      }
    }
    const at = (f: string) => ({ inNetwork: true, path: ['zone', 'soa', f] });
    for (const f of ['refresh', 'retry', 'expire', 'minimum'] as const) {
      if (soa[f] < 1 || soa[f] > 0x7fffffff) report({ messageId: 'timers', ...at(f), data: { problem: `${f} ${soa[f]} must be between 1 and 2147483647 seconds` } });
    }
    if (soa.retry >= soa.refresh) report({ messageId: 'timers', ...at('retry'), data: { problem: `retry (${soa.retry}) must be less than refresh (${soa.refresh})` } });
    if (soa.expire <= soa.refresh + soa.retry) report({ messageId: 'timers', ...at('expire'), data: { problem: `expire (${soa.expire}) must exceed refresh + retry (${soa.refresh + soa.retry})` } });
    if (soa.minimum > DAY) report({ messageId: 'timers', ...at('minimum'), data: { problem: `minimum (negative-caching TTL) ${soa.minimum} exceeds one day (RFC 2308 §5)` } });
    if (soa.expire < 7 * DAY) report({ messageId: 'unusual', severity: 'warning', ...at('expire'), data: { problem: `expire ${soa.expire} is under one week` } });
  },
});
