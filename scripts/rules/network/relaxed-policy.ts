import { networkRule } from '../define.js';

export default networkRule({
  meta: {
    id: 'network/relaxed-policy',
    severity: 'notice',
    description: 'Says plainly when policy admits documentation, private or special-use values: right for example and test networks, wrong for production.',
    citation: 'RFC 6890, RFC 6761',
    messages: {
      relaxed: 'policy allows {what}: this network is configured as an example or test network, not for production.',
    },
  },
  check({ network, report }) {
    const p = network.data.policy;
    const what = [
      p.allow_address_classes.length ? `${p.allow_address_classes.join(', ')} addresses` : '',
      p.allow_special_use_names.length ? `special-use names (.${p.allow_special_use_names.join(', .')})` : '',
    ].filter(Boolean);
    if (what.length) report({ messageId: 'relaxed', inNetwork: true, path: ['policy'], key: true, data: { what: what.join(' and ') } });
  },
});
