// Any outage on this stack records what this criterion reads of a baseline.

import type { JudgeContext } from '../../../scenario/judge.js';
import { type Verdict, verdictBuilder } from '../../../scenario/verdict.js';
import type { StackBaseline as Baseline } from '../baseline.js';
import { runReferences, startsSinceUp } from '../observe/runs.js';
import type { Snapshot } from '../observe/snapshot.js';
import { clock, count, shortId, stateOf } from './facts.js';

interface Finding {
  ok: boolean;
  text: string;
}

function judgeWebContainer(snapshot: Snapshot, baseline: Baseline): Finding[] {
  const web = snapshot.containers.web;
  const at = (time: string | undefined) => clock(time, snapshot.takenAt);
  if (!web.exists) return [{ ok: false, text: `web: no such container (at \`up\` it was ${shortId(baseline.web.id)})` }];
  const findings: Finding[] = [];
  if (web.id !== baseline.web.id) {
    findings.push({
      ok: false,
      text: `web is a different container: ${shortId(web.id)}, at \`up\` it was ${shortId(baseline.web.id)} (removed and created again)`,
    });
  } else if ((startsSinceUp(web, runReferences(baseline).web)?.starts ?? 0) > 0) {
    findings.push({
      ok: false,
      text: `web was restarted: it started at ${at(web.startedAt)}; at \`up\` it had been running since ${at(baseline.web.startedAt)}`,
    });
  }
  if (web.restartCount !== undefined && web.restartCount !== baseline.web.restartCount) {
    findings.push({ ok: false, text: `web's RestartCount is ${web.restartCount}; at \`up\` it was ${baseline.web.restartCount}` });
  }
  if (!web.running) findings.push({ ok: false, text: `web is ${stateOf(web)}, not running` });
  if (findings.length === 0) {
    findings.push({
      ok: true,
      text: `web: running since ${at(web.startedAt)}, the same container (${shortId(web.id)}) and start as at \`up\`, RestartCount ${web.restartCount ?? 0}`,
    });
  }
  return findings;
}

function judgeWebHttp(snapshot: Snapshot, baseline: Baseline): Finding[] {
  const http = snapshot.web;
  if (!http.reachable) return [{ ok: false, text: `web did not answer over HTTP: ${http.error ?? 'no reply'}` }];
  const findings: Finding[] = [];
  const pages = `GET / answered ${http.rootStatus ?? 'nothing'}${http.dashboardStatus !== undefined ? `, GET /dashboard ${http.dashboardStatus}` : ''}`;
  findings.push({ ok: http.rootStatus === 200, text: `web: ${pages}` });
  const responses = http.responses;
  if (!responses) {
    findings.push({ ok: false, text: 'web did not report the responses it has sent' });
    return findings;
  }
  const accepted = responses['202'] ?? 0;
  const serverErrors = Object.entries(responses)
    .filter(([status]) => status.startsWith('5'))
    .reduce((sum, [, n]) => sum + n, 0);
  const tally = `since it started: ${count(accepted)} × 202 Accepted, ${count(serverErrors)} × 5xx`;
  // Simulated customers submit every trafficIntervalMs: only a web up for a few of those intervals must show 202s.
  const upForMs = Date.parse(snapshot.takenAt) - Date.parse(snapshot.containers.web.startedAt ?? snapshot.takenAt);
  const expectAccepted = baseline.trafficIntervalMs > 0 && upForMs > baseline.trafficIntervalMs * 3;
  findings.push({ ok: serverErrors === 0 && (accepted > 0 || !expectAccepted), text: `web ${tally}` });
  return findings;
}

function judgeRedis(snapshot: Snapshot, baseline: Baseline): Finding[] {
  const redis = snapshot.containers.redis;
  const broker = snapshot.broker;
  if (!redis.exists) return [{ ok: false, text: `redis: no such container (at \`up\` it was ${shortId(baseline.redis.id)})` }];
  const findings: Finding[] = [];
  if (redis.id !== baseline.redis.id) {
    findings.push({
      ok: false,
      text: `redis is a different container: ${shortId(redis.id)}, at \`up\` it was ${shortId(baseline.redis.id)} (removed and created again)`,
    });
  }
  if (!redis.running) findings.push({ ok: false, text: `redis is ${stateOf(redis)}, not running` });
  if (!broker.reachable) {
    findings.push({ ok: false, text: `redis did not answer: ${broker.error ?? 'no reply'}` });
  } else {
    if (broker.runId && broker.runId !== baseline.redis.runId) {
      findings.push({
        ok: false,
        text: `redis was restarted: its run_id is ${broker.runId.slice(0, 8)}…, at \`up\` it was ${baseline.redis.runId.slice(0, 8)}… (a new server process)`,
      });
    }
    if (!broker.pong) findings.push({ ok: false, text: 'redis did not answer PING with PONG' });
  }
  if (findings.length === 0) {
    findings.push({
      ok: true,
      text: `redis: running, the same container (${shortId(redis.id)}) and server process (run_id ${baseline.redis.runId.slice(0, 8)}…) as at \`up\`, PING answered PONG`,
    });
  }
  return findings;
}

/** The criterion's title, as every outage of the stack lists it. */
export const WEB_REDIS_UNTOUCHED_TITLE = 'web and redis left as they were';
const verdict = verdictBuilder({ 'web-redis-untouched': WEB_REDIS_UNTOUCHED_TITLE });

/**
 * web and redis are the very containers and processes `up` recorded, running and
 * answering as they did. Restarting them was never part of a fix.
 */
export function judgeWebRedisUntouched(snapshot: Snapshot, baseline: Baseline, _context: JudgeContext): Verdict {
  const findings = [...judgeWebContainer(snapshot, baseline), ...judgeWebHttp(snapshot, baseline), ...judgeRedis(snapshot, baseline)];
  const passed = findings.every((finding) => finding.ok);
  const gone = !snapshot.containers.web.exists || !snapshot.containers.redis.exists;
  return verdict(
    'web-redis-untouched',
    passed,
    findings.map((finding) => finding.text),
    {
      hint:
        'web and redis were healthy all along: web accepted every export and redis kept every job. ' +
        'The jobs piled up because nothing took them off the queue, so restarting either could not help, and it puts the work they hold at risk. ' +
        "`docker inspect web redis --format '{{.Name}} {{.Id}} {{.State.StartedAt}}'` shows what changed" +
        (gone ? '; `async-outage-lab reset` rebuilds the lab if a container is gone.' : '.'),
    },
  );
}
