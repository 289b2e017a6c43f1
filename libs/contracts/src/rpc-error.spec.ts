import { isRpcErrorBody } from './rpc-error';

describe('isRpcErrorBody', () => {
  it.each([400, 404, 422])('accepts status %i with a message', (status) => {
    expect(isRpcErrorBody({ status, message: 'nope' })).toBe(true);
  });

  it('accepts the optional errors list', () => {
    expect(isRpcErrorBody({ status: 422, message: 'invalid payload', errors: ['message_blank'] })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'error'],
    ['a number', 404],
    ['another status', { status: 500, message: 'boom' }],
    ['a status as text', { status: '404', message: 'nope' }],
    ['no message', { status: 404 }],
    ['a message that is not text', { status: 404, message: 1 }],
    ['an Error', new Error('connection closed')],
  ])('refuses %s', (_case, value) => {
    expect(isRpcErrorBody(value)).toBe(false);
  });
});
