import AWSXRay from 'aws-xray-sdk-core';

/**
 * Emits one request gateway -> activities with the real Node SDK over UDP: the gateway segment
 * with a remote subsegment, and the activities segment whose parent is that subsegment. The SDK
 * is process-global; each test file runs in its own Jest worker, and this sets the address
 * before any segment is sent.
 */
export function emitTrace(daemonPort: number, fault: boolean): string {
  AWSXRay.setDaemonAddress(`127.0.0.1:${daemonPort}`);
  AWSXRay.setLogger({ error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined });
  const gateway = new AWSXRay.Segment('gateway');
  const call = gateway.addNewSubsegment('activities');
  (call as unknown as { namespace: string }).namespace = 'remote';
  const activities = new AWSXRay.Segment('activities', gateway.trace_id, call.id);
  if (fault) {
    activities.addFaultFlag();
    call.addFaultFlag();
    gateway.addFaultFlag();
  }
  activities.close();
  call.close();
  gateway.close();
  return gateway.trace_id;
}
