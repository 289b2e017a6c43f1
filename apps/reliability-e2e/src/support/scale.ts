/**
 * How big each run is. `npm test` runs the quick figures; `SOAK=1` (npm run test:soak) the soak
 * ones. Any count can be set on its own with RELIABILITY_<NAME>=n (e.g. RELIABILITY_LOAD_REQUESTS).
 */
export const SOAK = process.env.SOAK === '1';

export function count(name: string, quick: number, soak: number): number {
  const override = process.env[`RELIABILITY_${name}`];
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  return SOAK ? soak : quick;
}

export { Random } from '@cruddur/test-kit';

export const SEED = Number(process.env.RELIABILITY_SEED ?? 20261122);
