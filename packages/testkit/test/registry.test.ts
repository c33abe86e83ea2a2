import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestRegistry } from '../src/index.ts';

describe('TestRegistry', () => {
  let anonymous: TestRegistry;
  let basic: TestRegistry;
  beforeAll(async () => {
    [anonymous, basic] = await Promise.all([
      TestRegistry.start(),
      TestRegistry.start({ users: { alice: 's3cret' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([anonymous?.stop(), basic?.stop()]);
  });

  it('serves the distribution API anonymously and with Basic auth', async () => {
    expect((await fetch(anonymous.url('/v2/'))).status).toBe(200);
    expect((await fetch(basic.url('/v2/'))).status).toBe(401);
    const authorized = await fetch(basic.url('/v2/'), {
      headers: { authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` },
    });
    expect(authorized.status).toBe(200);
  });
});
