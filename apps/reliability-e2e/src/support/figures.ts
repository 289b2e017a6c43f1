import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOAK } from './scale';

/** Where each run's figures land (docs/reliability.md quotes them): tmp/reliability/<name>[.soak].json. */
export const FIGURES_DIR = join(__dirname, '../../../../tmp/reliability');

export function recordFigures(name: string, figures: Record<string, unknown>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = join(FIGURES_DIR, `${name}${SOAK ? '.soak' : ''}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), soak: SOAK, ...figures }, null, 2)}\n`);
}
