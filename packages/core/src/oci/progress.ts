import type { Logger } from '../logger.ts';

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

/** A stream being copied, asked how many bytes it has passed so far. */
export interface BytesInFlight {
  readonly bytesSoFar: () => number;
}

/**
 * Counts what a copy has moved and, while it runs, logs one line every `intervalMs` so that a long copy
 * shows it is alive; a copy that ends before the first interval logs nothing. Streams in flight are
 * asked for their byte counts only when a line is due, so counting costs nothing per chunk.
 */
export class ProgressTracker {
  private readonly state: CopyProgress = { bytesDone: 0, bytesTotal: 0, blobsDone: 0, blobsTotal: 0 };
  private readonly inFlight = new Set<BytesInFlight>();
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

  /** Counts a stream's bytes in progress lines until it is unfollowed. */
  follow(stream: BytesInFlight): void {
    this.inFlight.add(stream);
  }

  unfollow(stream: BytesInFlight): void {
    this.inFlight.delete(stream);
  }

  /** A blob is done: its `size` bytes count as moved, whether copied, found or mounted. */
  blobDone(size: number): void {
    this.state.bytesDone += size;
    this.state.blobsDone++;
    this.onProgress?.(this.snapshot());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private snapshot(): CopyProgress {
    let flowing = 0;
    for (const stream of this.inFlight) flowing += stream.bytesSoFar();
    return { ...this.state, bytesDone: Math.min(this.state.bytesDone + flowing, this.state.bytesTotal) };
  }

  private log(): void {
    const progress = this.snapshot();
    this.logger.info(
      `${this.label}: ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}, ` +
        `${progress.blobsDone}/${progress.blobsTotal} blobs`,
    );
    this.onProgress?.(progress);
  }
}
