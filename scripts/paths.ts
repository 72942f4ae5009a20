import { fileURLToPath } from 'node:url';

/** The checkout pmnet runs from (its schemas/ and package.json); not the consortium --root. */
export const TOOL_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCHEMA_DIR = `${TOOL_ROOT}schemas`;
