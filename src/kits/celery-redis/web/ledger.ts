import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * Every export the web accepted, kept outside Redis (a volume only the web writes) so that a
 * flushed or deleted queue is provable afterwards. One JSON object per line, appended; also held
 * in memory so reads never touch the disk.
 */
export const EXPORT_SOURCES = ['api', 'form', 'customer', 'backlog'] as const;
export type ExportSource = (typeof EXPORT_SOURCES)[number];

export interface ExportRecord {
  id: string;
  rows: number;
  report: string;
  source: ExportSource;
  acceptedAt: string;
}

const recordLine = z.object({
  id: z.string().min(1),
  rows: z.number().int().nonnegative(),
  report: z.string(),
  source: z.enum(EXPORT_SOURCES),
  acceptedAt: z.string(),
});

/** Written when the queue refused an export after it was recorded: it was never accepted after all. */
const withdrawalLine = z.object({ id: z.string().min(1), withdrawn: z.literal(true), at: z.string() });

export interface LedgerLoadReport {
  records: number;
  withdrawn: number;
  /** Lines that were not ledger entries (a crash mid-write leaves at most one, at the end). */
  skippedLines: number;
}

export class Ledger {
  private readonly byId = new Map<string, ExportRecord>();
  private ordered: ExportRecord[] = [];
  private writes: Promise<unknown> = Promise.resolve();
  /** The file ends without a newline (a write cut short): the next append must start a fresh line. */
  private endsMidLine = false;

  private constructor(readonly path: string) {}

  /** Loads the ledger file (creating its directory), tolerating a cut-off or garbled line. */
  static async open(path: string): Promise<{ ledger: Ledger; report: LedgerLoadReport }> {
    const ledger = new Ledger(path);
    await mkdir(dirname(path), { recursive: true });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const report = ledger.load(text);
    ledger.endsMidLine = text.length > 0 && !text.endsWith('\n');
    return { ledger, report };
  }

  private load(text: string): LedgerLoadReport {
    const report: LedgerLoadReport = { records: 0, withdrawn: 0, skippedLines: 0 };
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        report.skippedLines++;
        continue;
      }
      const withdrawal = withdrawalLine.safeParse(value);
      if (withdrawal.success) {
        if (this.forget([withdrawal.data.id])) report.withdrawn++;
        continue;
      }
      const record = recordLine.safeParse(value);
      if (!record.success) {
        report.skippedLines++;
        continue;
      }
      if (this.remember([record.data])) report.records++;
    }
    report.records -= report.withdrawn;
    return report;
  }

  get size(): number {
    return this.ordered.length;
  }

  get(id: string): ExportRecord | undefined {
    return this.byId.get(id);
  }

  /** In the order they were accepted. */
  all(): readonly ExportRecord[] {
    return this.ordered;
  }

  /** The latest `limit` exports, newest first. */
  recent(limit: number): ExportRecord[] {
    return this.ordered.slice(-limit).reverse();
  }

  /**
   * Records a batch with one append. The entries are visible once they are on disk; a failed
   * write leaves the ledger as it was and rejects.
   */
  append(records: ExportRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const text = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
    return this.write(text, () => void this.remember(records));
  }

  /** Marks exports as never accepted after all (the queue refused them), on disk and in memory. */
  withdraw(ids: string[], at: string): Promise<void> {
    const known = ids.filter((id) => this.byId.has(id));
    if (known.length === 0) return Promise.resolve();
    const text = known.map((id) => JSON.stringify({ id, withdrawn: true, at })).join('\n') + '\n';
    return this.write(text, () => void this.forget(known));
  }

  /** Resolves when every write started so far has finished. */
  async flush(): Promise<void> {
    await this.writes;
  }

  /** Writes run one after another, so batches never interleave in the file. */
  private write(text: string, apply: () => void): Promise<void> {
    const run = this.writes.then(async () => {
      await appendFile(this.path, this.endsMidLine ? `\n${text}` : text);
      this.endsMidLine = false;
      apply();
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private remember(records: ExportRecord[]): boolean {
    let added = false;
    for (const record of records) {
      if (this.byId.has(record.id)) continue;
      this.byId.set(record.id, record);
      this.ordered.push(record);
      added = true;
    }
    return added;
  }

  private forget(ids: string[]): boolean {
    const gone = new Set(ids.filter((id) => this.byId.delete(id)));
    if (gone.size > 0) this.ordered = this.ordered.filter((record) => !gone.has(record.id));
    return gone.size > 0;
  }
}
