/** Logical service names: injection tokens of the gateway's clients and X-Ray segment names. */
export const ServiceNames = {
  gateway: 'gateway',
  activities: 'activities',
  notifications: 'notifications',
} as const;

export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];

/** Default ports, overridable by env (see each app's config). */
export const DefaultPorts = {
  gateway: 4567,
  activities: 4001,
  notifications: 4002,
  xrayDaemon: 2000,
  /** The daemon's OTLP/HTTP receiver: the standard OTLP/HTTP port. */
  otlp: 4318,
} as const;
