/** One process of the stack, as the runner starts it. */
export interface ServiceSpec {
  name: string;
  /** Script run with the current node binary. */
  script: string;
  host: string;
  port: number;
  /** Env var that sets this service's port, named in error messages. */
  portEnv: string;
  /** Also listens on UDP at `port` (the X-Ray daemon); the check covers both. */
  udp?: boolean;
  /** Other TCP ports it listens on (the daemon's OTLP receiver), each with the env var that moves it. */
  extraTcpPorts?: readonly { readonly port: number; readonly portEnv: string }[];
  env: Record<string, string>;
  /** What the banner shows for it. */
  url: string;
  /**
   * Stopped only once every other process has exited: the X-Ray daemon, which receives the
   * services' last traces as they shut down. Runs in a process group of its own, so the
   * terminal's Ctrl-C (SIGINT to the whole foreground group) reaches it only through the runner.
   */
  stopsLast?: boolean;
}
