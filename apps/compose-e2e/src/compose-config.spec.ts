import { dockerCompose, fileArgs, Variants, type Variant } from './compose-files';

describe('docker-compose config -q', () => {
  it.each(Object.keys(Variants) as Variant[])(
    'accepts the %s stack (docker-compose 1.29: no compose-spec-only keys)',
    (variant) => {
      expect(() => dockerCompose([...fileArgs(variant), 'config', '-q'])).not.toThrow();
    },
  );

  it('says how to install docker-compose when it is missing, instead of skipping', () => {
    expect(() => dockerCompose(['version'], { PATH: '/nonexistent' })).toThrow(/apt-get install -y docker-compose/);
  });
});
