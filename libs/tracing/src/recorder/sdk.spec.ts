import { createHook } from 'node:async_hooks';

describe('loading the X-Ray SDK', () => {
  it('starts it in manual mode, so cls-hooked never installs its async hook', () => {
    const hooks = jest.spyOn(require('node:async_hooks') as { createHook: typeof createHook }, 'createHook');
    jest.isolateModules(() => {
      const { AWSXRay } = require('./sdk') as typeof import('./sdk');
      expect(AWSXRay.isAutomaticMode()).toBe(false);
    });
    expect(hooks).not.toHaveBeenCalled();
    expect(process.env.AWS_XRAY_MANUAL_MODE).toBe('true');
    hooks.mockRestore();
  });
});
