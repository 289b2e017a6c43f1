/**
 * Start-up failures a user can fix, said in one line with the fix instead of a stack trace.
 * Node puts the address and port on listen errors. Returns undefined for other errors.
 */
export function describeListenError(error: unknown, service: string, portEnv = 'PORT'): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, port, address } = error as { code?: unknown; port?: unknown; address?: unknown };
  const where = `${typeof address === 'string' ? address : ''}:${typeof port === 'number' ? port : '?'}`;
  if (code === 'EADDRINUSE') {
    return `${service}: port ${where} is already in use. Stop the process that holds it (lsof -i :${String(port)}) or set ${portEnv} to a free port.`;
  }
  if (code === 'EACCES') {
    return `${service}: not allowed to listen on ${where}. Use a port above 1023 via ${portEnv}.`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${service}: address ${where} is not available on this machine. Check the HOST setting.`;
  }
  return undefined;
}
