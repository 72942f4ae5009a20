import { networkRule } from '../define.js';

export default networkRule({
  meta: {
    id: 'network/governance',
    severity: 'error',
    description: 'Approval thresholds are fractions from 0 to 1 of the other member organizations, with a non-negative minimum; a join needs at least one approval from another member.',
    citation: 'pmnet governance; Planetmint docs, consortium governance',
    messages: {
      fraction: 'governance.{kind}.fraction "{value}" must be N/D with N ≤ D, e.g. 2/3.',
      min: 'governance.{kind}.min {value} must be between 0 and 100.',
      openDoor: 'governance.join requires no approval at all: anyone could add a node by opening a pull request. Set min to at least 1.',
      guard: 'zone.guard.{field} {value} is out of range ({range}).',
    },
  },
  check({ network, report }) {
    const g = network.model.governance;
    for (const kind of ['join', 'update', 'leave'] as const) {
      const [n, d] = g[kind].fraction;
      if (!(d > 0 && n <= d)) report({ messageId: 'fraction', inNetwork: true, path: ['governance', kind, 'fraction'], data: { kind, value: `${n}/${d}` } });
      const min = g[kind].min;
      if (!(min >= 0 && min <= 100)) report({ messageId: 'min', inNetwork: true, path: ['governance', kind, 'min'], data: { kind, value: min } });
    }
    if (g.join.min < 1 && g.join.fraction[0] === 0) report({ messageId: 'openDoor', inNetwork: true, path: ['governance', 'join'] });
    const guard = network.model.zone.guard;
    if (!(guard.maxChangePercent > 0 && guard.maxChangePercent <= 100)) report({ messageId: 'guard', inNetwork: true, path: ['zone', 'guard', 'max_change_percent'], data: { field: 'max_change_percent', value: guard.maxChangePercent, range: 'more than 0, at most 100' } });
    if (!(guard.minRecords >= 0)) report({ messageId: 'guard', inNetwork: true, path: ['zone', 'guard', 'min_records'], data: { field: 'min_records', value: guard.minRecords, range: '0 or more' } });
  },
});
