// Where a rule is documented: its row in docs/rules.md. On GitHub (Actions sets
// GITHUB_SERVER_URL and GITHUB_REPOSITORY) an absolute link to the default branch's copy, so
// it works from a PR comment, an annotation or an issue; elsewhere the relative path.

/** The anchor of a rule's row in docs/rules.md (written by `pmnet rules`). */
export function ruleAnchor(id: string): string {
  return id.replace('/', '-');
}

export function ruleDocUrl(id: string, env: NodeJS.ProcessEnv = process.env): string {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const base = server && repo && /^https:\/\/[^\s/]+$/.test(server) && /^[\w.-]+\/[\w.-]+$/.test(repo) ? `${server}/${repo}/blob/HEAD/docs/rules.md` : 'docs/rules.md';
  return `${base}#${encodeURIComponent(ruleAnchor(id))}`;
}
