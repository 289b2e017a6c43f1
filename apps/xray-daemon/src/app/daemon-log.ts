/** Where the daemon reports: one line per event, on stdout (info) and stderr (warnings). */
export interface DaemonLog {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLog: DaemonLog = {
  info: (message) => console.log(`[xray-daemon] ${message}`),
  warn: (message) => console.error(`[xray-daemon] WARN ${message}`),
};
