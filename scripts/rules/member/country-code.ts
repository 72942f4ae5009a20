import { memberRule } from '../define.js';

// ISO 3166-1 alpha-2 officially assigned codes.
const CODES = new Set(
  ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '),
);

const ALIASES: Record<string, string> = { usa: 'US', 'united states of america': 'US', america: 'US', uk: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', holland: 'NL', 'the netherlands': 'NL', korea: 'KR', russia: 'RU' };
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
let byName: Map<string, string> | undefined;

/** The code for a country written out by name, in English or a few other languages. */
export function codeForName(name: string): string | undefined {
  if (!byName) {
    byName = new Map(Object.entries(ALIASES));
    for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']) {
      const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
      for (const code of CODES) {
        const n = names.of(code);
        if (n && !byName.has(fold(n))) byName.set(fold(n), code);
      }
    }
  }
  return byName.get(fold(name));
}

export default memberRule({
  meta: {
    id: 'member/country-code',
    severity: 'error',
    description: 'organization.country is an ISO 3166-1 alpha-2 code, so jurisdictions can be counted reliably.',
    citation: 'ISO 3166-1',
    messages: {
      invalid: 'organization.country "{value}" is not an ISO 3166-1 alpha-2 code{hint}.',
    },
  },
  check({ member, report }) {
    const c = member.data.organization.country;
    if (c === undefined || CODES.has(c)) return;
    const named = codeForName(c);
    const hint = CODES.has(c.toUpperCase())
      ? `; write it in upper case: ${c.toUpperCase()}`
      : c === 'UK'
        ? '; the code for the United Kingdom is GB'
        : named
          ? `; for ${c.trim()} write ${named}`
          : ' (e.g. DE, US, SG)';
    report({ messageId: 'invalid', data: { value: c, hint }, path: ['organization', 'country'] });
  },
});
