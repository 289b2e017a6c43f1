/** Test fixture: the seed's Cruddur rule (aws/json/xray.json) as a CreateSamplingRule body's rule. */
export function cruddurRule(overrides: Record<string, unknown> = {}) {
  return {
    RuleName: 'Cruddur',
    ResourceARN: '*',
    Priority: 9000,
    FixedRate: 0.1,
    ReservoirSize: 5,
    ServiceName: 'gateway',
    ServiceType: '*',
    Host: '*',
    HTTPMethod: '*',
    URLPath: '*',
    Version: 1,
    ...overrides,
  };
}
