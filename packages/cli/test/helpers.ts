import { Writable } from 'node:stream';

/** A stream that keeps what is written to it. */
export class Captured extends Writable {
  text = '';
  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += chunk.toString();
    done();
  }
}
