import { networkRule } from '../define.js';

export default networkRule({
  meta: {
    id: 'network/health-settings',
    severity: 'error',
    description: 'Node-health thresholds keep their hysteresis: a member’s issue closes at a higher score than it opens at, and the shared name’s rotation threshold is above the alert level (docs/health.md).',
    citation: 'NTP Pool monitor scoring: in DNS at a score above 10, alerts at −15 (https://www.ntppool.org/scores/)',
    messages: {
      hysteresis: 'health.issue_close_at {close} must be above health.issue_open_at {open}: otherwise an issue opens and closes on every run of a flapping node. The NTP Pool’s values are -15 and 10.',
      rotation: 'health.rotation_min_score {rotation} must be above health.issue_open_at {open}: a member with an open issue would still be in the shared name’s rotation.',
    },
  },
  check({ network, report }) {
    const h = network.data.health;
    if (!(h.issue_close_at > h.issue_open_at)) report({ messageId: 'hysteresis', inNetwork: true, path: ['health', 'issue_close_at'], data: { close: h.issue_close_at, open: h.issue_open_at } });
    if (!(h.rotation_min_score > h.issue_open_at)) report({ messageId: 'rotation', inNetwork: true, path: ['health', 'rotation_min_score'], data: { rotation: h.rotation_min_score, open: h.issue_open_at } });
  },
});
