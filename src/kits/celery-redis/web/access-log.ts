/** One line per request on stdout, the way `docker logs web` shows it. */
export interface AccessRecord {
  at: Date;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Sent by the built-in simulated customers rather than a person. */
  simulated: boolean;
  /** The client hung up before the response was complete. */
  clientGone?: boolean;
}

export function formatAccessLine(record: AccessRecord): string {
  const parts = [record.at.toISOString(), record.method, record.path, String(record.status), `${record.durationMs.toFixed(1)}ms`];
  if (record.simulated) parts.push('(simulated customer)');
  if (record.clientGone) parts.push('(client closed the connection)');
  return parts.join(' ');
}

/** Keeps a hostile path from forging extra log lines or flooding the log. */
export function loggablePath(path: string): string {
  const clean = path.replace(/[^\x21-\x7e]/g, (ch) => encodeURIComponent(ch));
  return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}
