import { webUrl } from '../../../kits/celery-redis/observe/web-api.js';
import type { BurstReply } from '../../../kits/celery-redis/web/burst-handler.js';

/** Sends a burst of `count` customers' exports through the web (POST /internal/burst). */
export async function sendBurst(port: number, token: string, count: number, timeoutMs = 60_000): Promise<BurstReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the web did not answer a burst of ${count} exports within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(webUrl(port, '/internal/burst'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lab-token': token },
      body: JSON.stringify({ count }),
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST /internal/burst answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as BurstReply;
  } finally {
    clearTimeout(timer);
  }
}
