import { FilterSyntaxError } from '../filter/filter-syntax-error';
import { defined } from '@cruddur/test-kit';
import { TraceView } from '../filter/trace-view';
import { GroupRegistry } from './group-registry';
import { rejection } from '../api-errors/rejection.fixture';

const cruddur = { GroupName: 'Cruddur', FilterExpression: 'service("gateway") {fault OR error}' };

function traceWithGateway(fault: boolean): TraceView {
  return {
    duration: 1,
    partial: false,
    annotations: new Map(),
    services: [{ name: 'gateway', root: true, inferred: false, ok: !fault, error: false, throttle: false, fault }],
    edges: [],
  };
}

describe('GroupRegistry', () => {
  let groups: GroupRegistry;

  beforeEach(() => {
    groups = new GroupRegistry({ pageSize: 2 });
  });

  it('has a Default group without a filter', () => {
    const { Group } = groups.get({ GroupName: 'Default' });
    expect(Group).toEqual({
      GroupName: 'Default',
      GroupARN: expect.stringMatching(/^arn:aws:xray:local:000000000000:group\/Default\/[0-9A-F]{24}$/),
      InsightsConfiguration: { InsightsEnabled: false, NotificationsEnabled: false },
    });
    expect(groups.resolve({ GroupName: 'Default' }).matches(traceWithGateway(false))).toBe(true);
  });

  it('creates the seed group (aws xray create-group) and filters traces with it', () => {
    const { Group } = groups.create(cruddur);
    expect(Group).toEqual({
      GroupName: 'Cruddur',
      GroupARN: expect.stringMatching(/^arn:aws:xray:local:000000000000:group\/Cruddur\/[0-9A-F]{24}$/),
      FilterExpression: 'service("gateway") {fault OR error}',
      InsightsConfiguration: { InsightsEnabled: false, NotificationsEnabled: false },
    });
    const { matches } = groups.resolve({ GroupARN: Group.GroupARN });
    expect(matches(traceWithGateway(true))).toBe(true);
    expect(matches(traceWithGateway(false))).toBe(false);
  });

  it('refuses a bad filter expression with a 400 naming the position', () => {
    const error = rejection(() =>
      groups.create({ GroupName: 'Bad', FilterExpression: 'service("gateway") {fault OR}' }),
    );
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      __type: 'InvalidRequestException',
      message: 'Invalid filter expression at position 28: expected a keyword, "!" or "(" but found "}"',
      Message: 'Invalid filter expression at position 28: expected a keyword, "!" or "(" but found "}"',
    });
    expect(rejection(() => groups.get({ GroupName: 'Bad' })).message).toBe('Group Bad not found');
  });

  it.each([
    ['a missing name', {}, 'GroupName'],
    ['an empty name', { GroupName: '' }, 'greater than or equal to 1'],
    ['a long name', { GroupName: 'x'.repeat(33) }, 'less than or equal to 32'],
    ['a non-string filter', { GroupName: 'x', FilterExpression: 5 }, 'must be a string'],
    [
      'notifications without insights',
      { GroupName: 'x', InsightsConfiguration: { NotificationsEnabled: true } },
      'InsightsEnabled',
    ],
    ['a duplicate', cruddur, 'already exists'],
    ['the Default name', { GroupName: 'Default' }, 'already exists'],
  ])('rejects %s', (_name, request, message) => {
    groups.create(cruddur);
    const error = rejection(() => groups.create(request));
    expect(error.type).toBe('InvalidRequestException');
    expect(error.message).toContain(message);
  });

  it('looks groups up by name or ARN, and requires them to agree', () => {
    const { Group } = groups.create(cruddur);
    expect(groups.get({ GroupARN: Group.GroupARN }).Group).toEqual(Group);
    expect(groups.get({ GroupName: 'Cruddur', GroupARN: Group.GroupARN }).Group).toEqual(Group);
    expect(rejection(() => groups.get({ GroupName: 'Cruddur', GroupARN: 'arn:other' })).type).toBe(
      'InvalidRequestException',
    );
    expect(rejection(() => groups.get({})).message).toBe('GroupName or GroupARN is required');
    expect(rejection(() => groups.get({ GroupARN: 'arn:aws:xray:local:000000000000:group/Nope/1' })).type).toBe(
      'InvalidRequestException',
    );
  });

  it('updates the filter and insights, recompiling the filter', () => {
    groups.create(cruddur);
    const { Group } = groups.update({
      GroupName: 'Cruddur',
      FilterExpression: 'ok',
      InsightsConfiguration: { InsightsEnabled: true },
    });
    expect(Group).toMatchObject({
      FilterExpression: 'ok',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false },
    });
    expect(groups.resolve({ GroupName: 'Cruddur' }).matches(traceWithGateway(false))).toBe(true);
    expect(rejection(() => groups.update({ GroupName: 'Cruddur', FilterExpression: 'ok AND' })).status).toBe(400);
    expect(groups.get({ GroupName: 'Cruddur' }).Group.FilterExpression).toBe('ok');
    expect(rejection(() => groups.update({ GroupName: 'Default', FilterExpression: 'ok' })).message).toContain(
      'Default',
    );
    expect(
      groups.update({ GroupName: 'Default', InsightsConfiguration: { InsightsEnabled: true } }).Group
        .InsightsConfiguration,
    ).toEqual({ InsightsEnabled: true, NotificationsEnabled: false });
  });

  it('deletes groups but not Default', () => {
    const { Group } = groups.create(cruddur);
    expect(groups.delete({ GroupARN: Group.GroupARN })).toEqual({});
    expect(rejection(() => groups.get({ GroupName: 'Cruddur' })).type).toBe('InvalidRequestException');
    expect(rejection(() => groups.delete({ GroupName: 'Default' })).message).toContain('cannot be deleted');
  });

  it('pages GetGroups with Default first and rejects forged tokens', () => {
    for (const name of ['b', 'a', 'c']) groups.create({ GroupName: name });
    const first = groups.list();
    expect(first.Groups.map((group) => group.GroupName)).toEqual(['Default', 'a']);
    const second = groups.list({ NextToken: first.NextToken });
    expect(second.Groups.map((group) => group.GroupName)).toEqual(['b', 'c']);
    expect(second.NextToken).toBeUndefined();
    const forged = `${defined(first.NextToken, 'a NextToken on the first page').split('.')[0]}.AAAA`;
    expect(rejection(() => groups.list({ NextToken: forged })).status).toBe(400);
    expect(rejection(() => groups.list({ NextToken: 'garbage' })).type).toBe('InvalidRequestException');
  });

  it('snapshots and restores as plain JSON, validating filters', () => {
    groups.create(cruddur);
    const json = JSON.parse(JSON.stringify(groups.snapshot()));
    const restored = new GroupRegistry();
    restored.restore(json);
    expect(restored.snapshot()).toEqual(groups.snapshot());
    expect(restored.resolve({ GroupName: 'Cruddur' }).matches(traceWithGateway(true))).toBe(true);

    const broken = { Groups: [{ ...json.Groups[1], FilterExpression: '((' }] };
    expect(rejection(() => restored.restore(broken))).toBeInstanceOf(FilterSyntaxError);
    expect(restored.get({ GroupName: 'Cruddur' }).Group.FilterExpression).toBe(cruddur.FilterExpression);

    restored.restore({ Groups: [] });
    expect(restored.list().Groups.map((group) => group.GroupName)).toEqual(['Default']);
  });
});
