import { newSegmentId } from '@cruddur/xray-contracts';
import { isPackedSegmentId, packSegmentId, samePackedSegmentId, unpackSegmentId } from './packed-segment-id';

describe('packed segment ids', () => {
  it('give every 16-hex-digit id back exactly, every digit in every position', () => {
    const ids = ['0000000000000000', 'ffffffffffffffff', '0123456789abcdef', 'fedcba9876543210', '8000000000000001'];
    for (let n = 0; n < 1000; n++) ids.push(newSegmentId());
    const words = new Uint32Array(2 * ids.length);
    ids.forEach((id, n) => expect(packSegmentId(id, words, 2 * n)).toBe(true));
    ids.forEach((id, n) => {
      expect(unpackSegmentId(words, 2 * n)).toBe(id);
      expect(isPackedSegmentId(id, words, 2 * n)).toBe(true);
    });
  });

  it('refuse anything else and leave the words untouched', () => {
    const words = new Uint32Array([7, 9]);
    for (const id of ['', '0123', '0123456789ABCDEF', '0123456789abcdeg', '0123456789abcdef0', ' 123456789abcdef'])
      expect(packSegmentId(id, words, 0)).toBe(false);
    expect([...words]).toEqual([7, 9]);
  });

  it('compare without unpacking: one digit of difference is another id', () => {
    const words = new Uint32Array(6);
    packSegmentId('0123456789abcdef', words, 0);
    packSegmentId('0123456789abcdef', words, 2);
    packSegmentId('0123456789abcdee', words, 4);
    expect(samePackedSegmentId(words, 0, words, 2)).toBe(true);
    expect(samePackedSegmentId(words, 0, words, 4)).toBe(false);
    expect(isPackedSegmentId('1123456789abcdef', words, 0)).toBe(false);
    expect(isPackedSegmentId('0123456789ABCDEF', words, 0)).toBe(false);
    expect(isPackedSegmentId('0123456789abcde', words, 0)).toBe(false);
  });
});
