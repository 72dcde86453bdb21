/** The queue's depth over the outage, from the depth at handover, each accepted and each finished export after it. Pure. */
export function backlogSeries(
  handoverAt: number,
  depthAtHandover: number,
  acceptedAt: readonly string[],
  finishedAt: readonly string[],
): Array<{ at: number; depth: number }> {
  const steps = [...acceptedAt.map((at) => ({ at: Date.parse(at), change: 1 })), ...finishedAt.map((at) => ({ at: Date.parse(at), change: -1 }))]
    .filter((step) => step.at > handoverAt)
    .sort((a, b) => a.at - b.at || a.change - b.change);
  let depth = depthAtHandover;
  return [{ at: handoverAt, depth }, ...steps.map((step) => ({ at: step.at, depth: Math.max(0, (depth += step.change)) }))];
}
