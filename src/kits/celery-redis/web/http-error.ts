/**
 * A request that cannot be served, with the status and the machine-readable code the client
 * gets as {error: {code, message}}. Handlers throw these; the server turns them into replies.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const notFound = (message = 'Nothing here. Try / or /dashboard.') => new HttpError(404, 'not_found', message);

export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, 'method_not_allowed', `This path answers ${allowed.join(', ')} only.`, { allow: allowed.join(', ') });
