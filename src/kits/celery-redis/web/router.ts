import type { IncomingMessage } from 'node:http';
import { methodNotAllowed, notFound } from './http-error.js';
import type { Reply } from './reply.js';

export interface RequestContext {
  req: IncomingMessage;
  /** Named path segments, e.g. {id} for /exports/:id. Not validated here. */
  params: Record<string, string>;
  /** Sent by the built-in simulated customers. */
  simulated: boolean;
  /** A browser: errors are shown as pages rather than JSON. */
  wantsHtml: boolean;
}

export type Handler = (context: RequestContext) => Promise<Reply> | Reply;

export interface Route {
  /** Segments separated by "/", ":name" matches any one segment. */
  path: string;
  methods: { GET?: Handler; POST?: Handler };
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith(':')) {
      if (got[i] === '') return undefined;
      params[segment.slice(1)] = got[i]!;
    } else if (segment !== got[i]) {
      return undefined;
    }
  }
  return params;
}

/** The methods a route answers, as the Allow header lists them. HEAD comes free with GET. */
export function allowedMethods(route: Route): string[] {
  const methods = Object.keys(route.methods);
  return methods.includes('GET') ? ['GET', 'HEAD', ...methods.filter((m) => m !== 'GET')] : methods;
}

/** Finds the handler for a request, or throws 404 (no such path) or 405 (path exists, method does not). */
export function resolveRoute(routes: Route[], method: string, path: string): RouteMatch {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    const handler = route.methods[(method === 'HEAD' ? 'GET' : method) as keyof Route['methods']];
    if (!handler) throw methodNotAllowed(allowedMethods(route));
    return { handler, params };
  }
  throw notFound();
}

/** The path part of a request target, without query or fragment; absolute-form targets too. */
export function pathOf(url: string | undefined): string {
  let target = url ?? '/';
  if (!target.startsWith('/')) {
    try {
      target = new URL(target).pathname;
    } catch {
      return target;
    }
  }
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}
