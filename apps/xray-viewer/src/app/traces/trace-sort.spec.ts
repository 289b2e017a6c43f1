import type { TraceSummary } from '@cruddur/xray-contracts';
import { sortSummaries } from './trace-sort';

function summary(id: string, startTime: number, status: number | undefined, responseTime: number): TraceSummary {
  return {
    Id: id,
    StartTime: startTime,
    Duration: responseTime,
    ResponseTime: responseTime,
    HasFault: false,
    HasError: false,
    HasThrottle: false,
    IsPartial: false,
    Http: { HttpStatus: status, HttpURL: `http://x/${id}` },
    Annotations: {},
    Users: [],
    ServiceIds: [],
    Revision: 1,
    MatchedEventTime: startTime,
  };
}

describe('sortSummaries', () => {
  const list = [
    summary('a', 3, 200, 0.5),
    summary('b', 2, 404, 0.1),
    summary('c', 1, 200, 0.9),
    summary('d', 4, undefined, 0.2),
  ];

  it('sorts by a column either way, keeping ties in API order', () => {
    expect(sortSummaries(list, { column: 'responseTime', descending: true }).map((s) => s.Id)).toEqual([
      'c',
      'a',
      'd',
      'b',
    ]);
    expect(sortSummaries(list, { column: 'status', descending: false }).map((s) => s.Id)).toEqual(['d', 'a', 'c', 'b']);
    expect(sortSummaries(list, { column: 'time', descending: true }).map((s) => s.Id)).toEqual(['d', 'a', 'b', 'c']);
  });
});
