import { memberRule } from '../define.js';

// GitHub's sign-up rule: alphanumerics and single hyphens, no leading/trailing hyphen, ≤ 39.
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export default memberRule({
  meta: {
    id: 'member/github-login',
    severity: 'error',
    description: 'github lists GitHub logins (not emails, team names or @mentions); ownership and approvals are judged against them.',
    citation: 'GitHub username rules (alphanumerics and single hyphens, at most 39 characters)',
    messages: {
      invalid: 'github[{index}] "{login}" is not a GitHub login: use letters, digits and single hyphens, at most 39 characters{hint}.',
    },
  },
  check({ member, report }) {
    member.data.github.forEach((login, index) => {
      if (GITHUB_LOGIN.test(login)) return;
      const hint = login.startsWith('@') ? ', without the leading "@"' : login.includes('/') ? ' (teams are not accepted: list people)' : '';
      report({ messageId: 'invalid', data: { index, login, hint }, path: ['github', index] });
    });
  },
});
