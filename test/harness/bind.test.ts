import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startBind } from './bind.js';
import { needs, runTool } from './needs.js';

const ZONE = `$ORIGIN harness.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 127.0.0.1
www IN A 192.0.2.7
`;

const bindTest = needs(test, 'named', 'dig');

bindTest('harness: named starts on loopback and answers authoritatively', async () => {
  const srv = await startBind([{ origin: 'harness.test', text: ZONE }]);
  try {
    const out = runTool('dig', ['+norec', '+short', '-p', String(srv.port), '@127.0.0.1', 'www.harness.test', 'A']);
    assert.is(out.trim(), '192.0.2.7');
  } finally {
    await srv.stop();
  }
});

test.run();
