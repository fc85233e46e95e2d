#!/usr/bin/env node
// Regenerates what is derived from the check definitions (run after `npm run build`): the catalogue in docs/checks.md
// and specs/spec-schema.json. A test fails when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { CATALOGUE } from '../dist/checks/catalogue.js';
import { withCatalogue } from '../dist/report/catalogue.js';
import { specSchema } from '../dist/spec/schema.js';

writeFileSync('docs/checks.md', withCatalogue(readFileSync('docs/checks.md', 'utf8'), CATALOGUE));
writeFileSync('specs/spec-schema.json', `${JSON.stringify(specSchema(CATALOGUE), null, 2)}\n`);
