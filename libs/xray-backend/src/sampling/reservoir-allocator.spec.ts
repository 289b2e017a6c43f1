import { ReservoirAllocator } from './reservoir-allocator';

const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const C = 'c'.repeat(24);

describe('ReservoirAllocator', () => {
  it('gives a lone client the whole reservoir', () => {
    const allocator = new ReservoirAllocator(30_000);
    allocator.record('r', A, 10, 0);
    expect(allocator.quota('r', A, 5, 0)).toBe(5);
  });

  it('splits in proportion to reported requests, summing to the reservoir', () => {
    const allocator = new ReservoirAllocator(30_000);
    allocator.record('r', A, 300, 0);
    allocator.record('r', B, 100, 0);
    expect([allocator.quota('r', A, 8, 0), allocator.quota('r', B, 8, 0)]).toEqual([6, 2]);
  });

  it('rounds by largest remainder, ties to the busier client', () => {
    const allocator = new ReservoirAllocator(30_000);
    allocator.record('r', A, 10, 0);
    allocator.record('r', B, 10, 0);
    allocator.record('r', C, 20, 0);
    const quotas = [A, B, C].map((client) => allocator.quota('r', client, 5, 0));
    expect(quotas.reduce((sum, quota) => sum + quota, 0)).toBe(5);
    expect(quotas).toEqual([1, 1, 3]);
    expect([A, B, C].map((client) => allocator.quota('r', client, 1, 0))).toEqual([0, 0, 1]);
  });

  it('gives a slot shared by equal clients to the lowest ClientID', () => {
    const allocator = new ReservoirAllocator(30_000);
    allocator.record('r', B, 10, 0);
    allocator.record('r', A, 10, 0);
    expect([A, B].map((client) => allocator.quota('r', client, 1, 0))).toEqual([1, 0]);
  });

  it('forgets clients that stopped reporting and keeps rules apart', () => {
    const allocator = new ReservoirAllocator(30_000);
    allocator.record('r', A, 100, 0);
    allocator.record('r', B, 100, 25_000);
    allocator.record('other', A, 100, 25_000);
    expect(allocator.quota('r', B, 4, 25_000)).toBe(2);
    expect(allocator.quota('r', B, 4, 40_000)).toBe(4);
    expect(allocator.quota('r', A, 4, 40_000)).toBe(0);
    expect(allocator.quota('other', A, 4, 40_000)).toBe(4);
    expect(allocator.quota('unknown', A, 4, 40_000)).toBe(0);
  });
});
