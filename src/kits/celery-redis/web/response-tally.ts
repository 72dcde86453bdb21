/**
 * How many responses of each status the server has sent since it started: the evidence that the
 * web stayed healthy (200s and 202s, no 5xx) through the outage.
 */
export class ResponseTally {
  private readonly counts = new Map<number, number>();

  count(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  /** Status codes as strings ("200", "202", ...) in ascending order. */
  snapshot(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const status of [...this.counts.keys()].sort((a, b) => a - b)) result[String(status)] = this.counts.get(status)!;
    return result;
  }
}
