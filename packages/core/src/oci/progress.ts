import type { Logger } from '../action/logger.ts';

export interface CopyProgress {
  bytesDone: number;
  bytesTotal: number;
  blobsDone: number;
  blobsTotal: number;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Counts what a copy has moved and, while it runs, logs one line every `intervalMs` so that a long copy
 * shows it is alive; a copy that ends before the first interval logs nothing.
 */
export class ProgressTracker {
  private readonly state: CopyProgress = { bytesDone: 0, bytesTotal: 0, blobsDone: 0, blobsTotal: 0 };
  private readonly logger: Logger;
  private readonly label: string;
  private readonly intervalMs: number;
  private readonly onProgress: ((progress: CopyProgress) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    logger: Logger,
    label: string,
    intervalMs: number,
    onProgress?: (progress: CopyProgress) => void,
  ) {
    this.logger = logger;
    this.label = label;
    this.intervalMs = intervalMs;
    this.onProgress = onProgress;
  }

  start(blobsTotal: number, bytesTotal: number): void {
    this.state.blobsTotal = blobsTotal;
    this.state.bytesTotal = bytesTotal;
    this.timer = setInterval(() => this.log(), this.intervalMs);
    this.timer.unref();
  }

  addBytes(bytes: number): void {
    this.state.bytesDone += bytes;
  }

  /** A blob is done; `uncountedBytes` are bytes that did not flow through addBytes (skipped, mounted). */
  blobDone(uncountedBytes = 0): void {
    this.state.bytesDone += uncountedBytes;
    this.state.blobsDone++;
    this.onProgress?.({ ...this.state });
  }

  /** Takes back bytes of an attempt that failed and will be sent again. */
  retractBytes(bytes: number): void {
    this.state.bytesDone -= bytes;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private log(): void {
    const { bytesDone, bytesTotal, blobsDone, blobsTotal } = this.state;
    this.logger.info(
      `${this.label}: ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}, ${blobsDone}/${blobsTotal} blobs`,
    );
    this.onProgress?.({ ...this.state });
  }
}
