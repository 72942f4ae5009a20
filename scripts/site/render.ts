// The status site as one static HTML page: no script, no external resource, inline CSS and
// SVG. Every value from a member file is escaped (htmlText); links are only https URLs that
// passed member/website-url, or built from the repository URL.
import { summarize } from '../findings.js';
import { htmlText as h } from '../report/escape.js';
import { ruleAnchor, ruleDocUrl } from '../report/rule-link.js';
import type { SiteData, SiteMember } from './collect.js';
import type { HealthPoint } from './inputs.js';

const MAX_FINDINGS = 300;
const DAY = 86_400_000;
const WINDOW_DAYS = 90;

const CSS = `
:root{color-scheme:light;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--link:#0645ad;--bad:#a4001d;--warn:#7a4b00;--ok:#1d6b2f;--note:#00528a}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
header,main,footer{max-width:76rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid var(--line);padding-bottom:.5rem}
h1{font-size:1.8rem;margin:1rem 0 .25rem}h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
a{color:var(--link)}
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.muted{color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.stats li{border:1px solid var(--line);border-radius:.4rem;padding:.4rem .8rem}
.stats strong{font-size:1.3rem;display:block}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}
code{font-size:.9em;word-break:break-all}
.bad{color:var(--bad);font-weight:600}.warn{color:var(--warn);font-weight:600}.ok{color:var(--ok);font-weight:600}.note{color:var(--note)}
.bar{display:inline-block;height:.7rem;background:var(--ok);vertical-align:middle}
.bar.soon{background:var(--warn)}.bar.late{background:var(--bad)}
.track{display:inline-block;width:8rem;background:#eee;margin-right:.4rem}
pre{overflow:auto;background:#f6f6f6;border:1px solid var(--line);padding:.6rem;font-size:.85rem;max-height:40rem}
svg{vertical-align:middle}
`;

function date(iso: string): string {
  return h(iso.slice(0, 10));
}

/** A small line chart of scores 0–100, with a text alternative. */
export function sparkline(points: readonly HealthPoint[], label: string): string {
  if (!points.length) return '<span class="muted">no health data yet</span>';
  const w = 120;
  const ht = 28;
  const last = points[points.length - 1]!;
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const xy = points.map((p, i) => `${Math.round(i * step)},${Math.round(ht - 2 - (p.score / 100) * (ht - 4))}`).join(' ');
  const alt = `${label}: ${points.length} health score${points.length === 1 ? '' : 's'} from ${points[0]!.at.slice(0, 10)} to ${last.at.slice(0, 10)}, lowest ${Math.min(...points.map((p) => p.score))}, latest ${last.score}`;
  return `<svg width="${w}" height="${ht}" viewBox="0 0 ${w} ${ht}" role="img" aria-label="${h(alt)}"><rect width="${w}" height="${ht}" fill="#f6f6f6"/><polyline points="${xy}" fill="none" stroke="#0645ad" stroke-width="1.5"/></svg> <span>${h(String(last.score))}</span>`;
}

function memberRow(m: SiteMember, now: number): string {
  const org = m.website ? `<a href="${h(m.website)}" rel="nofollow noopener">${h(m.organization)}</a>` : h(m.organization);
  const rotation = m.status !== 'active' ? '<span class="muted">no (suspended)</span>' : m.inRotation ? '<span class="ok">yes</span>' : '<span class="warn">no</span>';
  const cert = m.certificates[0];
  const days = cert ? Math.floor((Date.parse(cert.notAfter) - now) / DAY) : 0;
  const certCell = cert ? `${date(cert.notAfter)} ${days < 0 ? '<span class="bad">(expired)</span>' : `<span class="muted">(${days} days)</span>`}` : '<span class="muted">not checked</span>';
  const state = m.errors ? `<span class="bad">${m.errors} error${m.errors === 1 ? '' : 's'}</span>` : '<span class="ok">ok</span>';
  return `<tr id="m-${h(m.id)}"><th scope="row"><code>${h(m.id)}</code></th><td>${org}${m.country ? ` <span class="muted">(${h(m.country)})</span>` : ''}</td><td><code>${h(m.domain)}</code></td><td>${m.addresses.map((a) => `<code>${h(a)}</code>`).join('<br>')}</td><td>${rotation}</td><td>${sparkline(m.health, `Health of ${m.id}`)}</td><td>${certCell}</td><td>${state}</td></tr>`;
}

function certificateSection(d: SiteData, now: number): string {
  if (!d.hasCertificates) return '<p class="muted">No certificate data yet: the site shows expiry dates when built with <code>--live</code> or an audit input (<code>--audit FILE</code>).</p>';
  const rows = d.members
    .flatMap((m) => m.certificates.map((c) => ({ m, c, days: Math.floor((Date.parse(c.notAfter) - now) / DAY) })))
    .sort((a, b) => a.days - b.days)
    .map(({ m, c, days }) => {
      const pct = Math.max(0, Math.min(100, Math.round((days / WINDOW_DAYS) * 100)));
      const cls = days <= 7 ? ' late' : days <= 21 ? ' soon' : '';
      const left = days < 0 ? `<span class="bad">expired ${-days} days ago</span>` : `${days} days`;
      return `<tr><th scope="row"><a href="#m-${h(m.id)}"><code>${h(m.id)}</code></a></th><td><code>${h(c.address)}</code></td><td>${date(c.notAfter)}</td><td><span class="track" aria-hidden="true"><span class="bar${cls}" style="width:${pct}%"></span></span>${left}</td><td>${c.issuer ? h(c.issuer) : ''}</td></tr>`;
    });
  return `<div class="table"><table><caption>Certificates by expiry, soonest first (bar: the next ${WINDOW_DAYS} days)</caption><thead><tr><th scope="col">Member</th><th scope="col">Address</th><th scope="col">Expires</th><th scope="col">Time left</th><th scope="col">Issuer</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function findingsSection(d: SiteData): string {
  if (!d.findings.length) return '<p class="ok">No findings.</p>';
  const link = (rule: string) => (d.repoUrl ? `${d.repoUrl}/blob/HEAD/docs/rules.md#${encodeURIComponent(ruleAnchor(rule))}` : ruleDocUrl(rule, {}));
  const sev = { error: '<span class="bad">error</span>', warning: '<span class="warn">warning</span>', notice: '<span class="note">notice</span>' };
  const rows = d.findings
    .slice(0, MAX_FINDINGS)
    .map((f) => `<tr><td>${sev[f.severity]}</td><td><code>${h(`${f.file}:${f.line}:${f.column}`)}</code></td><td>${h(f.message)}</td><td><a href="${h(link(f.rule))}"><code>${h(f.rule)}</code></a></td></tr>`);
  const more = d.findings.length > MAX_FINDINGS ? `<p class="muted">${d.findings.length - MAX_FINDINGS} more not shown: run <code>pmnet validate</code>.</p>` : '';
  return `<div class="table"><table><caption>Findings${d.checkedAt ? `, live checks of ${date(d.checkedAt)}` : ' (offline checks)'}</caption><thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Finding</th><th scope="col">Rule</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

function historySection(d: SiteData): string {
  if (!d.history) return '<p class="muted">No history: the site was built outside a git checkout.</p>';
  if (!d.history.length) return '<p class="muted">No member changes yet.</p>';
  const pr = (n: number) => (d.repoUrl ? `<a href="${h(`${d.repoUrl}/pull/${n}`)}">#${n}</a>` : `#${n}`);
  const rows = d.history.map((e) => `<tr><td>${date(e.date)}</td><td>${e.kind}</td><td><code>${h(e.member)}</code></td><td>${e.pr ? pr(e.pr) : `<span class="muted">${h(e.subject.slice(0, 80))}</span>`}</td></tr>`);
  return `<div class="table"><table><caption>Member files added (join), changed (update), renamed or removed (leave), newest first</caption><thead><tr><th scope="col">Date</th><th scope="col">Change</th><th scope="col">Member</th><th scope="col">Pull request</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function renderSite(d: SiteData): string {
  const now = Date.parse(d.generatedAt);
  const s = summarize(d.findings);
  const active = d.members.filter((m) => m.status === 'active').length;
  const rotating = d.members.filter((m) => m.inRotation).length;
  const zoneRecords = d.zone ? d.zone.split('\n').filter((l) => l && !l.startsWith(';') && !l.startsWith('$')).length : 0;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pmnet site">
<title>${h(d.name)}: network status</title>
<style>${CSS.replace(/\n/g, '')}</style>
</head>
<body>
<header>
<h1>${h(d.name)}</h1>
<p>Consortium domain <code>${h(d.domain)}</code>, shared name <code>${h(d.sharedName)}</code>. Built ${h(d.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>
<nav aria-label="Sections"><ul><li><a href="#members">Members</a></li><li><a href="#certificates">Certificates</a></li><li><a href="#findings">Findings</a></li><li><a href="#zone">Zone</a></li><li><a href="#history">History</a></li></ul></nav>
</header>
<main>
<section aria-labelledby="summary"><h2 id="summary">Summary</h2>
<ul class="stats"><li><strong>${d.members.length}</strong>members</li><li><strong>${active}</strong>active</li><li><strong>${rotating}</strong>in the shared name</li><li><strong>${s.errors}</strong>errors</li><li><strong>${s.warnings}</strong>warnings</li></ul>
</section>
<section aria-labelledby="members"><h2 id="members">Members</h2>
${d.hasHealth ? '' : '<p class="muted">No health data yet: health scores appear here once health records are published.</p>'}
<div class="table"><table><caption>Every member node: whether its addresses are in <code>${h(d.sharedName)}</code>, its health score history and its next certificate expiry</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Organization</th><th scope="col">Node domain</th><th scope="col">Addresses</th><th scope="col">In rotation</th><th scope="col">Health</th><th scope="col">Certificate expires</th><th scope="col">Checks</th></tr></thead>
<tbody>${d.members.map((m) => memberRow(m, now)).join('\n')}</tbody></table></div>
</section>
<section aria-labelledby="certificates"><h2 id="certificates">Certificate expiry</h2>
${certificateSection(d, now)}
</section>
<section aria-labelledby="findings"><h2 id="findings">Latest findings</h2>
<p>${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notices} notice${s.notices === 1 ? '' : 's'}.</p>
${findingsSection(d)}
</section>
<section aria-labelledby="zone"><h2 id="zone">Current zone</h2>
${d.zone ? `<details><summary>Zone <code>${h(d.domain)}</code>: ${zoneRecords} records</summary><pre tabindex="0">${h(d.zone)}</pre></details>` : '<p class="muted">No zone yet: run <code>pmnet zone</code>.</p>'}
</section>
<section aria-labelledby="history"><h2 id="history">Recent governance history</h2>
${historySection(d)}
</section>
</main>
<footer><p class="muted">Generated by <code>pmnet site</code> from <code>network.yaml</code>, <code>members/</code> and the zone file. Static page: no scripts, no tracking.</p></footer>
</body>
</html>
`;
}
