import { open } from 'node:fs/promises';
import { acceptExports } from './accept.js';
import { mediaType, readBody } from './body.js';
import type { ServiceDeps } from './deps.js';
import { csvPath, isReady } from './export-files.js';
import { HttpError, notFound } from './http-error.js';
import type { ExportRecord, ExportSource } from './ledger.js';
import { acceptedPage } from './pages.js';
import { html, json, type Reply } from './reply.js';
import type { Handler, RequestContext } from './router.js';
import { exportRequestSchema, isExportId, parseFormBody, parseJsonBody, validate } from './validation.js';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

export const exportLinks = (id: string) => ({ status: `/exports/${id}`, download: `/exports/${id}/download` });

const unsupportedType = () => new HttpError(415, 'unsupported_media_type', `Send the export request as ${JSON_TYPE} or as an HTML form (${FORM_TYPE}).`);

/** The body of a submission, as the plain object the schema checks, and how it came. */
async function readSubmission(context: RequestContext): Promise<{ fields: unknown; form: boolean }> {
  const type = mediaType(context.req);
  if (type !== JSON_TYPE && type !== FORM_TYPE && type !== '') throw unsupportedType();
  const body = await readBody(context.req);
  if (type === FORM_TYPE) return { fields: parseFormBody(body), form: true };
  // No content type is fine for an empty POST (it takes the defaults), not for a body we cannot read.
  if (type === '' && body.length > 0) throw unsupportedType();
  return { fields: parseJsonBody(body), form: false };
}

function sourceOf(context: RequestContext, form: boolean): ExportSource {
  if (context.simulated) return 'customer';
  return form ? 'form' : 'api';
}

export function exportHandlers(deps: ServiceDeps): { submit: Handler; status: Handler; download: Handler } {
  const known = (id: string | undefined): ExportRecord => {
    const record = id !== undefined && isExportId(id) ? deps.ledger.get(id) : undefined;
    if (!record) throw notFound('There is no export with that id.');
    return record;
  };

  const submit: Handler = async (context) => {
    const { fields, form } = await readSubmission(context);
    const request = validate(exportRequestSchema, fields);
    const record: ExportRecord = {
      id: deps.newId(),
      rows: request.rows,
      report: request.report,
      source: sourceOf(context, form),
      acceptedAt: deps.now().toISOString(),
    };
    await acceptExports(deps, [record], 'behind');
    const links = exportLinks(record.id);
    const headers = { location: links.status };
    if (form) return html(202, acceptedPage(record), headers);
    return json(
      202,
      {
        id: record.id,
        status: 'pending',
        message: 'Thanks, your export is being prepared. It will be ready to download shortly.',
        links,
      },
      headers,
    );
  };

  const status: Handler = async (context) => {
    const record = known(context.params.id);
    const ready = await isReady(deps.exportsDir, record.id);
    return json(200, {
      id: record.id,
      status: ready ? 'ready' : 'pending',
      rows: record.rows,
      report: record.report,
      acceptedAt: record.acceptedAt,
      links: exportLinks(record.id),
    });
  };

  const download: Handler = async (context): Promise<Reply> => {
    const record = known(context.params.id);
    // Open rather than check-then-open: the file either is there for the whole download or not at all.
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(csvPath(deps.exportsDir, record.id), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new HttpError(409, 'not_ready', 'This export is not ready yet: it is still being prepared. Try again in a little while.');
      }
      throw error;
    }
    try {
      const { size } = await file.stat();
      return {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="export-${record.id}.csv"`,
          'cache-control': 'no-store',
        },
        stream: { source: file.createReadStream({ end: Math.max(0, size - 1), autoClose: true }), length: size },
      };
    } catch (error) {
      await file.close();
      throw error;
    }
  };

  return { submit, status, download };
}
