#!/usr/bin/env node
// Regenerates the README's check catalogue from the check definitions (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { COMPARE_CHECKS } from '../dist/checks/index.js';
import { withCatalogue } from '../dist/report/catalogue.js';

writeFileSync('README.md', withCatalogue(readFileSync('README.md', 'utf8'), COMPARE_CHECKS));
