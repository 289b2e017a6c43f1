import { isPlausibleRoot } from './plausible-root';

describe('isPlausibleRoot', () => {
  const now = Date.UTC(2026, 10, 22, 12);
  const rootAt = (secondsFromNow: number) => `1-${Math.floor(now / 1000 + secondsFromNow).toString(16)}-bd862e3fe1be46a994272793`;

  it('accepts roots from around now, refuses those from long ago or the future', () => {
    expect(isPlausibleRoot(rootAt(0), now)).toBe(true);
    expect(isPlausibleRoot(rootAt(-3500), now)).toBe(true);
    expect(isPlausibleRoot(rootAt(-3700), now)).toBe(false);
    expect(isPlausibleRoot(rootAt(3700), now)).toBe(false);
    expect(isPlausibleRoot('1-5759e988-bd862e3fe1be46a994272793', now)).toBe(false);
  });
});
