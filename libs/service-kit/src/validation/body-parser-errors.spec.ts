import { bodyParserErrorHandler } from './body-parser-errors';

function fakeResponse() {
  const headers: Record<string, string> = {};
  return {
    statusCode: 200,
    headersSent: false,
    body: '',
    setHeader(name: string, value: string) {
      headers[name] = value;
    },
    end(body: string) {
      this.body = body;
    },
    headers,
  };
}

describe('bodyParserErrorHandler', () => {
  const handle = bodyParserErrorHandler();

  it('answers a too-large body with 413 JSON and does not pass it on', () => {
    const res = fakeResponse();
    const next = jest.fn();
    handle(
      { status: 413, type: 'entity.too.large', message: 'request entity too large' },
      {} as never,
      res as never,
      next,
    );
    expect(next).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request entity too large',
    });
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('answers a malformed body with 400', () => {
    const res = fakeResponse();
    handle(
      { status: 400, type: 'entity.parse.failed', message: 'Unexpected end of JSON input' },
      {} as never,
      res as never,
      jest.fn(),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toBe('Bad Request');
  });

  it('passes on anything that is not a body parser client error', () => {
    for (const error of [new Error('boom'), { status: 500, type: 'x' }, { status: 404 }, 'text', null]) {
      const next = jest.fn();
      handle(error, {} as never, fakeResponse() as never, next);
      expect(next).toHaveBeenCalledWith(error);
    }
  });
});
