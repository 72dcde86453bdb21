/**
 * Reads the dead worker's log the way a responder would: the last task line must be the
 * in-flight export's "received", with no shutdown line after it (a hard kill leaves none).
 */
export function confirmOomLog(log: string, inFlightId: string): { ok: true; lastTaskLine: string } | { ok: false; reason: string } {
  const lines = log
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.some((line) => /Warm shutdown|Cold shutdown/.test(line))) {
    return { ok: false, reason: 'its log has a shutdown line, so it was stopped rather than killed' };
  }
  const taskLines = lines.filter((line) => /Task exports\.generate_csv\[[^\]]+\]/.test(line));
  const last = taskLines[taskLines.length - 1];
  if (!last) return { ok: false, reason: 'its log shows no task at all' };
  if (!last.includes(`[${inFlightId}]`) || !/received\s*$/.test(last)) {
    return { ok: false, reason: `its last task line is not the in-flight export ${inFlightId} being received: ${last}` };
  }
  return { ok: true, lastTaskLine: last.replace(/^.*?(Task )/, '$1') };
}
