// A deploy plan as one RFC 2136 UPDATE: the prerequisite that the primary still serves the
// SOA we read (so two deploys cannot interleave), deletions first (a name may turn into a
// CNAME), then additions, then the committed SOA. Also printed as nsupdate input (--dry-run).
import { randomInt } from 'node:crypto';
import { ipBytes } from '../zone/canonical.js';
import { valueDiff } from '../zone/plan.js';
import type { RRset, RRType } from '../zone/records.js';
import { WireWriter } from '../live/dns/wire.js';
import type { DeployPlan } from './diff.js';

export type UpdateOp =
  /** Delete a whole RRset (class ANY, RFC 2136 §2.5.2). */
  | { op: 'delete-rrset'; name: string; type: RRType }
  /** Delete one record (class NONE, §2.5.4). */
  | { op: 'delete'; name: string; type: RRType; value: string }
  /** Add one record (§2.5.1); an SOA replaces the zone's SOA. */
  | { op: 'add'; name: string; type: RRType; ttl: number; value: string };

const TYPE_CODE: Record<RRType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, AAAA: 28 };
const CLASS_IN = 1;
const CLASS_NONE = 254;
const CLASS_ANY = 255;
const OPCODE_UPDATE = 5 << 11;

/** The operations, in the order the server applies them (RFC 2136 §3.4.2). */
export function updateOps(p: DeployPlan): UpdateOp[] {
  const deletes: UpdateOp[] = [];
  const adds: UpdateOp[] = [];
  const addAll = (s: RRset) => s.values.forEach((value) => adds.push({ op: 'add', name: s.name, type: s.type, ttl: s.ttl, value }));
  const apexSoa = (s: { name: string; type: RRType }) => s.type === 'SOA';
  for (const s of p.plan.removed) if (!apexSoa(s)) deletes.push({ op: 'delete-rrset', name: s.name, type: s.type });
  for (const c of p.plan.changed) {
    if (apexSoa(c)) continue;
    const d = valueDiff(c);
    if (d.ttl || (c.type === 'NS' && c.name === p.zone)) {
      // A TTL change rewrites the RRset. Apex NS cannot be deleted whole (§3.4.2.4): values only.
      if (c.type === 'NS' && c.name === p.zone) {
        for (const value of d.removed) deletes.push({ op: 'delete', name: c.name, type: c.type, value });
        for (const value of d.ttl ? c.after.values : d.added) adds.push({ op: 'add', name: c.name, type: c.type, ttl: c.after.ttl, value });
      } else {
        deletes.push({ op: 'delete-rrset', name: c.name, type: c.type });
        addAll(c.after);
      }
      continue;
    }
    for (const value of d.removed) deletes.push({ op: 'delete', name: c.name, type: c.type, value });
    for (const value of d.added) adds.push({ op: 'add', name: c.name, type: c.type, ttl: c.after.ttl, value });
  }
  for (const s of p.plan.added) if (!apexSoa(s)) addAll(s);
  return [...deletes, ...adds, { op: 'add', name: p.zone, type: 'SOA', ttl: p.targetSoaTtl, value: p.targetSoa }];
}

/** nsupdate(1) input for the same update; `server` when known. */
export function toNsupdate(p: DeployPlan, ops: readonly UpdateOp[], server?: { host: string; port: number }): string {
  const out: string[] = [];
  if (server) out.push(`server ${server.host} ${server.port}`);
  out.push(`zone ${p.zone}`, `prereq yxrrset ${p.zone} IN SOA ${p.servedSoa}`);
  for (const o of ops) {
    if (o.op === 'delete-rrset') out.push(`update delete ${o.name} IN ${o.type}`);
    else if (o.op === 'delete') out.push(`update delete ${o.name} IN ${o.type} ${o.value}`);
    else out.push(`update add ${o.name} ${o.ttl} IN ${o.type} ${o.value}`);
  }
  out.push('send');
  return out.join('\n') + '\n';
}

/** The UPDATE message (unsigned; sign it with tsig.signMessage). */
export function encodeUpdate(p: DeployPlan, ops: readonly UpdateOp[], id = randomInt(0, 0x10000)): Buffer {
  const w = new WireWriter();
  w.u16(id).u16(OPCODE_UPDATE).u16(1).u16(1).u16(ops.length).u16(0);
  // Zone section (ZOCOUNT = 1): the zone's SOA, class IN.
  w.name(p.zone).u16(TYPE_CODE.SOA).u16(CLASS_IN);
  // Prerequisite: the SOA RRset exists with exactly the served data (value dependent, §2.4.2).
  w.name(p.zone).u16(TYPE_CODE.SOA).u16(CLASS_IN).u32(0);
  w.rdata((r) => rdata(r, 'SOA', p.servedSoa));
  for (const o of ops) {
    w.name(o.name).u16(TYPE_CODE[o.type]);
    if (o.op === 'delete-rrset') w.u16(CLASS_ANY).u32(0).u16(0);
    else if (o.op === 'delete') w.u16(CLASS_NONE).u32(0).rdata((r) => rdata(r, o.type, o.value));
    else w.u16(CLASS_IN).u32(o.ttl).rdata((r) => rdata(r, o.type, o.value));
  }
  return w.toBuffer();
}

function rdata(w: WireWriter, type: RRType, value: string): void {
  switch (type) {
    case 'A':
      w.bytes(ipBytes(value, 4).bytes);
      return;
    case 'AAAA':
      w.bytes(ipBytes(value, 6).bytes);
      return;
    case 'NS':
    case 'CNAME':
      w.name(value);
      return;
    case 'SOA': {
      const f = value.split(' ');
      w.name(f[0]!).name(f[1]!);
      for (const n of f.slice(2)) w.u32(Number(n));
      return;
    }
  }
}
